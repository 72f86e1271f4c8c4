"""Guidance for the shipped pre-project evaluation criteria, where a database has none yet."""

from django.db import migrations


def fill_guidance(apps, schema_editor):
    from klynge.programme.shipped import FRAMEWORKS

    Criterion = apps.get_model("programme", "Criterion")
    for spec in FRAMEWORKS:
        for criterion in spec["criteria"]:
            if not criterion["help_en"]:
                continue
            Criterion.objects.filter(
                framework__code=spec["code"], code=criterion["code"], help_en=""
            ).update(help_en=criterion["help_en"], help_nb=criterion["help_nb"])


class Migration(migrations.Migration):
    dependencies = [("programme", "0006_review_due_on")]

    operations = [migrations.RunPython(fill_guidance, migrations.RunPython.noop)]
