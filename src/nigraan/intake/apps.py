from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "nigraan.intake"
    label = "intake"
    verbose_name = "Intake"
