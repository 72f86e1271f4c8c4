import datetime

from django.db import migrations, models


def set_from_history(apps, schema_editor):
    """Existing people joined their organisation when they were created, or when they were last
    moved to it (the audit log's "person.moved" entries)."""
    Person = apps.get_model("members", "Person")
    AuditEntry = apps.get_model("core", "AuditEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    moved: dict[str, datetime.date] = {}
    person_type = ContentType.objects.filter(app_label="members", model="person").first()
    if person_type is not None:
        entries = AuditEntry.objects.filter(
            action="klynge.members.person.moved", target_type=person_type
        ).values_list("target_id", "created_at")
        for target_id, created_at in entries.iterator():
            day = created_at.date()
            if target_id not in moved or moved[target_id] < day:
                moved[target_id] = day
    batch = []
    for person in Person.objects.only("pk", "created_at").iterator(chunk_size=2000):
        person.organisation_since = moved.get(str(person.pk), person.created_at.date())
        batch.append(person)
        if len(batch) >= 2000:
            Person.objects.bulk_update(batch, ["organisation_since"])
            batch = []
    if batch:
        Person.objects.bulk_update(batch, ["organisation_since"])


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_person_lower_email_index"),
        ("core", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="organisation_since",
            field=models.DateField(
                blank=True,
                default=datetime.date.today,
                help_text="The day the person joined the organisation (or was added to it).",
                null=True,
                verbose_name="at the organisation since",
            ),
        ),
        migrations.RunPython(set_from_history, migrations.RunPython.noop),
    ]
