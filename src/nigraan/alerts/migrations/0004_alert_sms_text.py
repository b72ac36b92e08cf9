from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0003_webhook_subscriber"),
    ]

    operations = [
        migrations.CreateModel(
            name="AlertSmsText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("identifier", models.CharField(max_length=60)),
                (
                    "language",
                    models.CharField(choices=[("en", "English"), ("ur", "اردو")], max_length=2),
                ),
                ("text", models.TextField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("identifier", "language"), name="alert_sms_text_once"
                    )
                ],
            },
        ),
    ]
