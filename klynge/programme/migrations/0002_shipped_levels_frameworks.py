"""Ship the programme levels and the assessment frameworks (mature cluster, ESCA gold, 2014, pre-project)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from klynge.programme.loaders import load_shipped

    load_shipped(apps)


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_levels_labels_assessments")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
