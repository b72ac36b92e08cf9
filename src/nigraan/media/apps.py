from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "nigraan.media"
    label = "media"
    verbose_name = "Press monitoring"

    def ready(self) -> None:
        # Registers the system check that validates rules/outlets.yaml at start-up.
        from nigraan.media import checks  # noqa: F401
