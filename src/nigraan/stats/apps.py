from django.apps import AppConfig


class StatsConfig(AppConfig):
    """Public figures: measures as data, their computation from the ledger, disclosure control."""

    name = "nigraan.stats"
    label = "stats"
    verbose_name = "Public figures"

    def ready(self) -> None:
        from nigraan.ledger.verify import register_record_chain, register_record_check
        from nigraan.stats.ledger_events import FIGURES_CHAIN
        from nigraan.stats.publish import check_releases
        from nigraan.stats.read_model import check_read_model

        register_record_check(check_releases)
        register_record_check(check_read_model)
        register_record_chain(FIGURES_CHAIN)
