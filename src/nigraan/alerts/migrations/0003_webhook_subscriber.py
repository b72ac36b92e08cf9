from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_published_alert"),
    ]

    operations = [
        migrations.CreateModel(
            name="WebhookSubscriber",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True)),
                ("url", models.URLField(max_length=500)),
                ("sealed_secret", models.BinaryField()),
                ("districts", models.JSONField(blank=True, default=list)),
                ("is_test", models.BooleanField(default=False)),
                ("created_at", models.DateTimeField()),
            ],
        ),
    ]
