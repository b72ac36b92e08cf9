from django.db import migrations, models


class Migration(migrations.Migration):
    """The ledger's events by time: a figures release reads its month's events (and the
    activity of the 90 days before a period's end) through it instead of the whole table."""

    dependencies = [("ledger", "0006_projection_alarms")]

    operations = [
        migrations.AddIndex(
            model_name="event",
            index=models.Index(fields=["occurred_at"], name="ledger_event_time"),
        ),
    ]
