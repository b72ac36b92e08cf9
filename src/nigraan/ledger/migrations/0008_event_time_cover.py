from django.db import migrations, models


class Migration(migrations.Migration):
    """The ledger's time index carries the kind, case and id too: a figures release's reads of a
    month's events and of the activity window are answered from the index alone (PostgreSQL's
    index-only scan; SQLite's covering index), not from heap pages scattered over the table."""

    dependencies = [("ledger", "0007_event_time_index")]

    operations = [
        migrations.RemoveIndex(model_name="event", name="ledger_event_time"),
        migrations.AddIndex(
            model_name="event",
            index=models.Index(
                fields=["occurred_at", "kind", "case_ref", "id"], name="ledger_event_time_cover"
            ),
        ),
    ]
