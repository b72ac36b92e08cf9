"""The case row's list columns (``cases.list_columns``: ``next_due_at``, ``escalated``,
``accused_released``): what the province summary and "All cases" count, kept by the commands
from the case's deadline rows and accused list, compared by the projection check, and filled for
existing cases by the migration that added them (cases.0013)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from nigraan.cases import commands
from nigraan.cases.list_columns import ListColumns, derive, stored
from nigraan.cases.models import Case
from nigraan.cases.projection_check import check_cases
from nigraan.cases.sweep import sweep

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("nigraan.cases.migrations.0013_case_list_columns").backfill


@pytest.fixture
def case(personas, fixed_clock):
    """A missing child in Kasur, an accused person arrested, a deadline missed and escalated."""
    p = personas.ensure("op", "sup", "police")
    ref = commands.open_case(
        p["op"], channel="helpline", category="missing_child", district_code="PK614"
    ).ref
    commands.add_accused(p["police"], ref, relation="stranger")
    commands.record_custody(p["police"], ref, number=1, custody="arrested", basis="s. 54")
    fixed_clock.advance(hours=3)
    assert sweep() >= 1
    return p, ref


def _derived(case: Case) -> ListColumns:
    rows = case.deadlines.values_list("due_at", "met_at", "stopped", "level")
    return derive(rows, case.accused)


def test_the_commands_keep_the_list_columns_with_the_deadlines_and_the_accused(case):
    p, ref = case
    row = Case.objects.get(ref=ref)
    assert stored(row) == _derived(row)
    assert row.escalated and row.next_due_at is not None and not row.accused_released
    commands.record_custody(p["police"], ref, number=1, custody="bailed", basis="court order")
    row = Case.objects.get(ref=ref)
    assert row.accused_released and stored(row) == _derived(row)
    assert check_cases(None).mismatches == []


def test_derive_counts_only_unmet_deadlines():
    early, late = dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    rows = [(early, early, False, 2), (early, None, True, 1), (late, None, False, 0)]
    assert derive(rows, [{"custody": "released"}]) == ListColumns(late, False, True)
    assert derive([], [{"custody": "arrested"}]) == ListColumns(None, False, False)


def test_a_list_column_changed_in_the_table_is_caught_by_the_projection_check(case):
    _p, ref = case
    with connection.cursor() as cursor:  # an insider hides the case from "Escalated"
        cursor.execute("UPDATE cases_case SET escalated = %s WHERE ref = %s", [False, ref])
    found = check_cases(None).mismatches
    assert [(m.case_ref, m.field) for m in found] == [(ref, "escalated")]


def test_the_migration_fills_the_list_columns_from_each_cases_rows(case):
    p, ref = case
    commands.record_custody(p["police"], ref, number=1, custody="released", basis="acquitted")
    before = stored(Case.objects.get(ref=ref))
    with connection.cursor() as cursor:  # as the columns were just added
        cursor.execute(
            "UPDATE cases_case SET next_due_at = NULL, escalated = %s, accused_released = %s",
            [False, False],
        )
    # RunPython hands the function a schema editor; it uses only the editor's connection.
    backfill(None, SimpleNamespace(connection=connection))
    assert stored(Case.objects.get(ref=ref)) == before
    assert check_cases(None).mismatches == []
