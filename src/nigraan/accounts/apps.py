from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nigraan.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"
