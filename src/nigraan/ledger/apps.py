from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "nigraan.ledger"
    label = "ledger"
    verbose_name = "Ledger"
