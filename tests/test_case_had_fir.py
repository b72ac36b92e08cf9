"""``Case.had_fir``: the projection oversight's "closed without an FIR" reads (instead of
searching the ledger's text). Replayed from the events, covered by the projection check, and
filled for existing cases by the migration that added it (cases.0010)."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from nigraan.cases import commands
from nigraan.cases import events as ev
from nigraan.cases.commands.closing import had_fir
from nigraan.cases.models import Case
from nigraan.cases.projection import rebuild
from nigraan.cases.projection_check import check_cases

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("nigraan.cases.migrations.0011_case_had_fir").backfill


@pytest.fixture
def cases(personas, fixed_clock):
    """In Kasur: one case whose FIR was registered, one closed without one."""
    p = personas.ensure("op", "sup", "police")
    fir = commands.open_case(
        p["op"], channel="helpline", category="harassment", district_code="PK614"
    )
    none = commands.open_case(
        p["op"], channel="helpline", category="harassment", district_code="PK614"
    )
    commands.record_stage(p["police"], fir.ref, stage="fir_registered", reason="FIR 12")
    commands.record_stage(
        p["sup"], none.ref, stage="closed", reason="inquiry", reason_code="not_an_offence"
    )
    return fir.ref, none.ref


def _stored() -> dict[str, bool]:
    return dict(Case.objects.values_list("ref", "had_fir"))


def test_had_fir_is_the_ledger_history_replayed(cases):
    fir, none = cases
    assert _stored() == {fir: True, none: False}
    for ref in cases:
        state = rebuild(ref)
        assert state is not None and state.had_fir == had_fir(ev.case_history(ref))
    assert check_cases(None).mismatches == []


def test_a_had_fir_changed_in_the_table_is_caught_by_the_projection_check(cases):
    fir, none = cases
    with connection.cursor() as cursor:  # an insider hides a closed case from "no FIR"
        cursor.execute("UPDATE cases_case SET had_fir = %s WHERE ref = %s", [True, none])
    found = check_cases(None).mismatches
    assert [(m.case_ref, m.field) for m in found] == [(none, "had_fir")]


def test_the_migration_fills_had_fir_from_each_case_history(cases):
    fir, none = cases
    with connection.cursor() as cursor:  # as the column was just added: every case False
        cursor.execute("UPDATE cases_case SET had_fir = %s", [False])
    # RunPython hands the function a schema editor; it uses only the editor's connection (a
    # real schema editor cannot open inside the test's transaction on SQLite).
    backfill(None, SimpleNamespace(connection=connection))
    assert _stored() == {fir: True, none: False}
    assert check_cases(None).mismatches == []
