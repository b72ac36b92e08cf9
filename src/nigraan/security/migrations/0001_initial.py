from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="SecurityEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("at", models.DateTimeField()),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("login_succeeded", "Logged in"),
                            ("login_failed", "Failed login"),
                            ("login_locked", "Login locked after repeated failures"),
                            ("second_factor_failed", "Wrong second-factor code"),
                            ("second_factor_replayed", "Second-factor code used a second time"),
                            ("second_factor_enrolled", "Second factor set up"),
                            ("permission_refused", "Permission refused"),
                            ("bulk_read_alert", "Many protected reads by one person"),
                            ("staff_created", "Staff account created"),
                        ],
                        max_length=40,
                    ),
                ),
                ("actor", models.CharField(blank=True, max_length=150)),
                ("source", models.CharField(blank=True, max_length=16)),
                ("details", models.JSONField(blank=True, default=dict)),
            ],
            options={
                "indexes": [
                    models.Index(fields=["at"], name="security_event_at"),
                    models.Index(fields=["kind", "at"], name="security_event_kind_at"),
                    models.Index(fields=["actor", "at"], name="security_event_actor_at"),
                ],
            },
        ),
    ]
