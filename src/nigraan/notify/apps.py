from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "nigraan.notify"
    label = "notify"
    verbose_name = "Notifications"
