"""The province summary's counts are kept for a minute (case_filters.summary): after every kind
of change to a case, and when only the clock moves a deadline past due, the summary a person is
shown still equals a plain count of the cases, worked out one by one from the ledger's history
(docs/performance.md, "Staff lists at scale")."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nigraan import clock
from nigraan.accounts.models import Jurisdiction, Staff
from nigraan.cases import commands
from nigraan.cases import events as ev
from nigraan.cases.commands.closing import had_fir
from nigraan.cases.models import Case
from nigraan.cases.sweep import sweep
from nigraan.cases.vocabulary import RELEASES
from nigraan.web import case_filters

pytestmark = pytest.mark.django_db

KASUR, ATTOCK = "PK614", "PK601"


def _plain_counts() -> dict[tuple[str, str], int]:
    """(district, flag) → how many cases meet the flag, case by case, from each case's row and
    its ledger history; no aggregate query, no cache."""
    now = clock.now()
    counts: dict[tuple[str, str], int] = {}
    for case in Case.objects.prefetch_related("deadlines"):
        unmet = [d for d in case.deadlines.all() if d.met_at is None and not d.stopped]
        met = {
            "open": case.is_open,
            "overdue": case.is_open and any(d.due_at <= now for d in unmet),
            "escalated": case.is_open and any(d.level > 0 for d in unmet),
            "unowned": case.is_open and case.owner_id is None,
            "flagged": case.flagged_for_oversight,
            "no_fir": not case.is_open and not had_fir(ev.case_history(case.ref)),
            "released": any(a["custody"] in RELEASES for a in case.accused),
        }
        for name, yes in met.items():
            key = (case.district_id, name)
            counts[key] = counts.get(key, 0) + int(yes)
    return counts


def _shown(staff) -> dict[tuple[str, str], int]:
    return {
        (row.code, name): count
        for row in case_filters.summary(staff, clock.now())
        for name, count in row.counts
        if row.code in (KASUR, ATTOCK)
    }


def _agrees(staff) -> None:
    expected = _plain_counts()
    shown = _shown(staff)
    for key, count in shown.items():
        assert count == expected.get(key, 0), (key, count, expected.get(key, 0))


def _open(actor, district: str, category: str = "harassment") -> str:
    return commands.open_case(
        actor, channel="helpline", category=category, district_code=district
    ).ref


def test_the_summary_equals_a_plain_count_after_every_change(personas, fixed_clock):
    p = personas.ensure("op", "cw", "sup", "dco", "police", "oversight", "op.attock", "sup.attock")
    watcher = p["oversight"]
    _agrees(watcher)  # nothing yet: every count 0, and that answer is now cached
    refs = []
    for number in range(6):
        refs.append(_open(p["op"], KASUR, "missing_child" if number % 2 else "harassment"))
        _agrees(watcher)
    attock = _open(p["op.attock"], ATTOCK)
    _agrees(watcher)
    for ref in refs[:4]:
        commands.assign_case(p["sup"], ref, owner_username="cw.kasur")
        _agrees(watcher)
    fixed_clock.advance(hours=4)  # only the clock moves: FIR deadlines of missing children pass
    _agrees(watcher)
    assert _shown(watcher)[(KASUR, "overdue")] > 0
    sweep()  # escalations
    _agrees(watcher)
    assert _shown(watcher)[(KASUR, "escalated")] > 0
    fixed_clock.advance(minutes=1)
    commands.record_stage(
        p["sup"], refs[0], stage="closed", reason="inquiry", reason_code="not_an_offence"
    )
    _agrees(watcher)
    commands.record_stage(
        p["sup.attock"], attock, stage="closed", reason="x", reason_code="no_contact"
    )
    _agrees(watcher)
    commands.record_stage(p["police"], refs[1], stage="fir_registered", reason="FIR 12")
    _agrees(watcher)
    commands.request_closure(
        p["sup"], refs[1], reason_code="referred_elsewhere", reason="sent to Lahore"
    )
    commands.decide_closure(p["dco"], refs[1], approve=True)
    _agrees(watcher)
    commands.add_accused(p["police"], refs[2], relation="neighbour", name="Accused A")
    for custody in ("arrested", "bailed"):
        commands.record_custody(p["police"], refs[2], number=1, custody=custody, basis="synthetic")
        _agrees(watcher)
    shown = _shown(watcher)
    # Not vacuous: every column moved away from zero somewhere along the way.
    assert all(shown[(KASUR, name)] for name in ("open", "unowned", "flagged", "released"))
    assert shown[(KASUR, "no_fir")] == 1 and shown[(ATTOCK, "no_fir")] == 1


def test_an_unchanged_summary_is_not_counted_again_within_the_minute(personas, fixed_clock):
    p = personas.ensure("op", "oversight")
    _open(p["op"], KASUR)
    first = case_filters.summary(p["oversight"], clock.now())
    with CaptureQueriesContext(connection) as queries:
        again = case_filters.summary(p["oversight"], clock.now())
    assert again == first
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries), queries
    _open(p["op"], KASUR)  # a change: counted again at once
    assert _shown(p["oversight"])[(KASUR, "open")] == 2


def test_a_changed_jurisdiction_is_never_shown_counts_cached_for_the_old_one(personas, fixed_clock):
    p = personas.ensure("op", "op.attock", "oversight")
    _open(p["op"], KASUR)
    _open(p["op.attock"], ATTOCK)
    watcher = p["oversight"]
    assert (KASUR, "open") in _shown(watcher)
    watcher.jurisdictions.all().delete()
    Jurisdiction.objects.create(staff=watcher, level="district", code=ATTOCK)
    shown = _shown(Staff.objects.get(pk=watcher.pk))  # the next request's person
    assert (KASUR, "open") not in shown and shown[(ATTOCK, "open")] == 1
