from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Public figures: measures as data, their computation from the ledger, disclosure control."""

    name = "nigraan.stats"
    label = "stats"
    verbose_name = "Public figures"
