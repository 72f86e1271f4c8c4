"""API tokens get a scope, an expiry and the fingerprint of the password they were made under.

Tokens that exist keep working as before (scope write) until 90 days after this migration, and
are tied to their owner's current password.
"""

import datetime
import hashlib

from django.db import migrations, models
from django.utils import timezone


def fill(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    expires = timezone.now() + datetime.timedelta(days=90)
    for token in ApiToken.objects.select_related("user"):
        token.expires_at = expires
        token.password_fingerprint = hashlib.sha256(token.user.password.encode()).hexdigest()
        token.save(update_fields=["expires_at", "password_fingerprint"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_two_factor")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="write",
                max_length=8,
                verbose_name="scope",
            ),
        ),
        migrations.AlterField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="read",
                max_length=8,
                verbose_name="scope",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="expires"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_fingerprint",
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="revoked_reason",
            field=models.CharField(blank=True, max_length=40, verbose_name="reason"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(verbose_name="expires"),
        ),
    ]
