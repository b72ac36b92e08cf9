from typing import Any

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

        from nigraan.ledger.visibility import register_place_lookup

        register_place_lookup(_places)


def _places(case_refs: set[str]) -> dict[str, Any]:
    """The place of each of these cases (district and province), for the ledger's entries API."""
    from nigraan.cases.models import Case

    return {
        row.ref: row
        for row in Case.objects.filter(ref__in=case_refs).only("ref", "district", "province")
    }
