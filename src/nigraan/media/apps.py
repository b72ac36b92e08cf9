from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "nigraan.media"
    label = "media"
    verbose_name = "Press monitoring"

    def ready(self) -> None:
        # Registers the system check that validates rules/outlets.yaml at start-up.
        from nigraan.ledger.verify import register_record_chain
        from nigraan.media import checks  # noqa: F401
        from nigraan.media.review.events import PRESS_CHAIN

        # Reviewers' changes to press incidents: a chain of the ledger that is not a case.
        register_record_chain(PRESS_CHAIN)
