from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "nigraan.web"
    label = "web"
    verbose_name = "Staff and public pages"
