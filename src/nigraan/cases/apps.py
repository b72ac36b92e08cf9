from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "nigraan.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # The ledger checks the stored projections against the events through this check, and
        # repairs them with it; it never imports cases itself (docs/ledger.md, 'Projections').
        from nigraan.cases.projection_check import CaseProjectionCheck
        from nigraan.ledger.projection_checks import register

        register(CaseProjectionCheck())
