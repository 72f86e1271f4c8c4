"""Only enterprises have a size class: universities, research institutes, public bodies and
associations get "na" (not applicable) and are never counted as SMEs.

A generated column cannot be altered, so it is dropped and added again with the new rule (its
index with it); the values are recomputed by the database.
"""

from django.db import migrations, models

SIZE_CHOICES = [
    ("micro", "Micro (< 10)"),
    ("small", "Small (10–49)"),
    ("medium", "Medium (50–249)"),
    ("large", "Large (250+)"),
    ("unknown", "Unknown size"),
    ("na", "Not applicable (not an enterprise)"),
]


class Migration(migrations.Migration):
    dependencies = [("members", "0004_person_organisation_since")]

    operations = [
        migrations.RemoveIndex(model_name="organisation", name="members_org_size_cl_eeefff_idx"),
        migrations.RemoveField(model_name="organisation", name="size_class"),
        migrations.AddField(
            model_name="organisation",
            name="size_class",
            field=models.GeneratedField(
                db_persist=True,
                expression=models.Case(
                    models.When(
                        kind__in=("university", "research_institute", "public_sector"),
                        then=models.Value("na"),
                    ),
                    models.When(
                        org_form__in=("FLI", "STAT", "ORGL", "FYLK", "KOMM", "KF", "FKF", "IKS"),
                        then=models.Value("na"),
                    ),
                    models.When(employees__isnull=True, then=models.Value("unknown")),
                    models.When(employees__lt=10, then=models.Value("micro")),
                    models.When(employees__lt=50, then=models.Value("small")),
                    models.When(employees__lt=250, then=models.Value("medium")),
                    default=models.Value("large"),
                ),
                output_field=models.CharField(choices=SIZE_CHOICES, max_length=8),
                verbose_name="size class (estimated from headcount)",
            ),
        ),
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["size_class"], name="members_org_size_cl_eeefff_idx"),
        ),
    ]
