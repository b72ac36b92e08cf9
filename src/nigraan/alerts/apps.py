from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "nigraan.alerts"
    label = "alerts"
    verbose_name = "Missing-child alerts"

    def ready(self) -> None:
        # Registers the system check that validates the alert rules files at start-up.
        from nigraan.alerts import checks  # noqa: F401
