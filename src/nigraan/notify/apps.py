from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "nigraan.notify"
    label = "notify"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Build the configured SMS gateway once at start-up: missing variables stop the site
        # with a message naming them, instead of failing at the first SMS a reporter needs.
        # Imported here because the gateways import this app's models, ready only now.
        from nigraan.notify.gateways import configured_gateway

        configured_gateway()
