from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "nigraan.security"
    label = "security"
    verbose_name = "Security events"
