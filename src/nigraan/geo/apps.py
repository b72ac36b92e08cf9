from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "nigraan.geo"
    label = "geo"
    verbose_name = "Geography"
