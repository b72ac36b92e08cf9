"""The staff lists' queries use the indexes made for them (cases.0009), on SQLite and PostgreSQL:
"All cases" of a district or a province is read newest first in index order (no sort of every
case of the area), "overdue" and the province summary read the case rows' list columns
(cases.0013) from their indexes, never each case's deadlines. A plan is
checked, never a time (figures are in docs/performance.md, from `python -m bench`)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.paginator import Paginator
from django.db import connection

from nigraan import clock
from nigraan.cases import commands
from nigraan.web import case_filters

pytestmark = pytest.mark.django_db

KASUR = "PK614"


@contextmanager
def _indexes_preferred():
    """PostgreSQL plans a handful of rows as a sequential or bitmap scan and a sort (cheapest for
    a few rows, and which one depends on the statistics earlier tests left): ask it to plan as
    it would for many, where reading an index in order is what the index is for. The question
    is then whether such an index exists for the query's filter and order: if none does, the
    plan still sorts. SQLite without statistics already prefers indexes."""
    if connection.vendor != "postgresql":
        yield
        return
    settings = ("enable_seqscan", "enable_bitmapscan", "enable_sort")
    with connection.cursor() as cursor:
        for name in settings:
            cursor.execute(f"SET {name} = off")
        try:
            yield
        finally:
            for name in settings:
                cursor.execute(f"RESET {name}")


def _plan(query) -> str:
    with _indexes_preferred():
        return query.explain()


def _sorts(plan: str) -> bool:
    if connection.vendor == "postgresql":
        return any(line.strip().startswith(("Sort", "->  Sort")) for line in plan.splitlines())
    return "TEMP B-TREE FOR ORDER BY" in plan


@pytest.fixture
def crew(personas, fixed_clock):
    p = personas.ensure("op", "sup", "oversight")
    refs = [
        commands.open_case(
            p["op"], channel="helpline", category="harassment", district_code=KASUR
        ).ref
        for _ in range(3)
    ]
    return p, refs


def test_all_cases_of_a_district_is_read_newest_first_from_its_index_without_a_sort(crew):
    p, _refs = crew
    cases = case_filters.CaseFilters(district=KASUR).apply(p["oversight"], clock.now())
    plan = _plan(cases[:50])
    # The district's index, or (the oversight's area being a province) the province's, which
    # gives the same order: either way no sort of the whole area.
    assert "case_district_recent" in plan or "case_province_recent" in plan, plan
    assert not _sorts(plan), plan


def test_all_cases_of_a_province_is_read_newest_first_from_its_index_without_a_sort(crew):
    p, _refs = crew
    cases = case_filters.CaseFilters().apply(p["oversight"], clock.now())
    plan = _plan(cases[:50])
    assert "case_province_recent" in plan, plan
    assert not _sorts(plan), plan


def test_the_overdue_filter_reads_the_case_rows_never_a_deadline(crew):
    """ "Overdue" is an open case whose earliest unmet deadline (``Case.next_due_at``, a list
    column) has passed: no probe of each case's deadline rows."""
    p, _refs = crew
    cases = case_filters.CaseFilters(district=KASUR, flags={"overdue"}).apply(
        p["oversight"], clock.now()
    )
    for query in (cases[:50], cases.order_by().values("pk")):
        plan = _plan(query)
        assert "cases_deadline" not in plan and "deadline_unmet_case_due" not in plan, plan


def test_a_districts_overdue_count_reads_its_open_cases_by_due_time(crew):
    """The pager's count of a district's overdue cases: the open cases' index by due time,
    with the district and the province (oversight's area) first, read alone."""
    p, _refs = crew
    cases = case_filters.CaseFilters(district=KASUR, flags={"overdue"}).apply(
        p["oversight"], clock.now()
    )
    plan = _plan(cases.order_by().values("pk"))
    assert "case_district_due" in plan, plan
    if connection.vendor == "postgresql":
        assert "Index Only Scan" in plan, plan


def test_the_province_summary_is_one_aggregate_over_the_summary_index_alone(crew):
    """The summary counts every flag of every case of the province from ``case_summary``: no
    deadline row, no ledger, no accused list, no table row."""
    p, _refs = crew
    plan = _plan(case_filters.summary_query(p["oversight"], clock.now()))
    assert "case_summary" in plan, plan
    assert "cases_deadline" not in plan and "ledger_event" not in plan, plan
    if connection.vendor == "postgresql":
        assert "Index Only Scan" in plan and "SubPlan" not in plan, plan
    else:
        assert "COVERING INDEX case_summary" in plan, plan


def test_every_case_of_the_district_is_reachable_page_by_page_in_the_indexed_order(crew):
    """The order the index gives is the page order: newest first, then by id; with pages of
    two, every case appears exactly once and the count says how many."""
    p, refs = crew
    cases = case_filters.CaseFilters(district=KASUR).apply(p["oversight"], clock.now())
    pages = Paginator(cases, 2)
    seen = [case.ref for number in pages.page_range for case in pages.page(number)]
    assert pages.count == len(refs) == 3
    assert sorted(seen) == sorted(refs)
    expected = sorted(cases, key=lambda c: (c.opened_at, c.pk), reverse=True)
    assert seen == [c.ref for c in expected]


def test_closed_without_an_fir_is_read_from_its_index_never_from_the_ledger(crew):
    p, _refs = crew
    cases = case_filters.CaseFilters(district=KASUR, flags={"no_fir"}).apply(
        p["oversight"], clock.now()
    )
    plan = _plan(cases[:50])
    assert "ledger_event" not in plan and "case_district_no_fir" in plan, plan
    # The count: that index, or (SQLite, with no statistics) the summary's, which holds both
    # flags' columns; either way the index alone.
    plan = _plan(cases.order_by().values("pk"))
    assert "ledger_event" not in plan, plan
    assert "case_district_no_fir" in plan or "COVERING INDEX case_summary" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_postgresql_connections_do_not_jit_compile_queries():
    """The province summary's estimated cost made PostgreSQL JIT-compile it: seconds spent per
    request to save milliseconds. Nigraan's connections turn JIT off (settings._database)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_a_districts_count_for_oversight_reads_the_index_alone(crew):
    """Oversight's area is a province: the pager's count of a district (and of its cases closed
    without an FIR) checks the province in the district's index, never in the table's rows."""
    p, _refs = crew
    for flags in (set(), {"no_fir"}):
        cases = case_filters.CaseFilters(district=KASUR, flags=flags).apply(
            p["oversight"], clock.now()
        )
        plan = _plan(cases.order_by().values("pk"))
        if connection.vendor == "postgresql":
            assert "Index Only Scan" in plan, plan
        elif not flags:  # SQLite reads a partial index's condition columns from the table
            assert "COVERING INDEX" in plan, plan


def test_a_deep_page_lists_the_same_cases_in_the_same_order_as_the_plain_pager(crew):
    """``page_of`` finds a page's ids first, then their rows: the pages, their order and the
    count are the Paginator's own."""
    p, refs = crew
    cases = case_filters.CaseFilters(district=KASUR).apply(p["oversight"], clock.now())
    plain = Paginator(cases, 2)
    for number in ("1", "2", "9", "x"):
        ours = case_filters.page_of(cases, 2, number)
        theirs = plain.get_page(number)
        assert [c.ref for c in ours] == [c.ref for c in theirs], number
        assert (ours.number, ours.paginator.count) == (theirs.number, len(refs))


def test_a_pages_ids_for_oversight_are_read_from_the_district_index_alone(crew):
    """Page 50 of a district skips 1,225 cases: it skips them in the index, not in the table."""
    p, _refs = crew
    cases = case_filters.CaseFilters(district=KASUR).apply(p["oversight"], clock.now())
    plan = _plan(cases.values_list("pk", flat=True)[1225:1250])
    assert "case_district_recent" in plan and not _sorts(plan), plan
    if connection.vendor == "postgresql":
        assert "Index Only Scan" in plan, plan
    else:
        assert "COVERING INDEX" in plan, plan
