from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "nigraan.cases"
    label = "cases"
    verbose_name = "Cases"
