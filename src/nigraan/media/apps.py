from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "nigraan.media"
    label = "media"
    verbose_name = "Press monitoring"
