"""Property: for random case histories written to the ledger, every cell of a release equals an
independent recount of the ledger before disclosure control, and every published number is that
recount, counted through the figures read model and through every ledger event alike. The
recount shares no code with the counting pass: it reads events in commit order through the
ledger model, folds them with the cases' own projection (cases.projection), and counts each
measure its own way."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures_histories import ZONE, case, write_case
from nigraan.cases.events import decode_event
from nigraan.cases.projection import apply_event
from nigraan.ledger.append import append_event
from nigraan.ledger.models import Event
from nigraan.stats.cells import TOTAL, TableSpec
from nigraan.stats.disclosure import SHOWN, SMALL
from nigraan.stats.measures import load_figures
from nigraan.stats.release import Period, build_release

# ---- the independent recount ----------------------------------------------------------------

GIVEN = {
    "case.stage_recorded": "on",
    "case.verdict_recorded": "on",
    "case.custody_changed": "since",
}


def _local_month(moment: dt.datetime) -> str:
    local = moment.astimezone(ZONE)
    return f"{local.year:04d}-{local.month:02d}"


def _period_end(last: str) -> dt.datetime:
    year, month = map(int, last.split("-"))
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return dt.datetime(following.year, following.month, 1, tzinfo=ZONE).astimezone(dt.UTC)


def _happened(event, corrections: dict[int, str]) -> dt.datetime:
    day = corrections.get(event["seq"]) or (event["data"].get(GIVEN.get(event["kind"], "")) or "")
    if not day or day >= event["at"].astimezone(ZONE).date().isoformat():
        return event["at"]
    return dt.datetime.fromisoformat(day).replace(tzinfo=ZONE).astimezone(dt.UTC)


def _histories(end: dt.datetime) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = defaultdict(list)
    for row in Event.objects.order_by("id"):
        fields = row.fields
        if fields.occurred_at < end:
            cases[row.case_ref].append(
                {
                    "seq": fields.seq,
                    "kind": fields.kind,
                    "at": fields.occurred_at,
                    "data": fields.data,
                }
            )
    return cases


LAWS = {
    "PK.PPC.376": "Pakistan Penal Code",
    "PK.PPC.377A": "Pakistan Penal Code",
    "PK.ZARRA.2020": "Zainab Alert, Response and Recovery Act 2020",
    "PK.PECA.2016": "Prevention of Electronic Crimes Act 2016",
}
RESPONSES = ("fir_registered", "diary_entry", "fir_refused")
CUSTODY = ("arrested", "bailed", "released", "absconding")


class _Case:
    """One case's history, folded with the cases' own projection."""

    def __init__(self, ref: str, events: list[dict], months: set[str]) -> None:
        self.events = sorted(events, key=lambda e: e["seq"])
        self.months = months
        self.corrections = {}
        for e in self.events:
            if e["kind"] == "case.date_corrected":
                self.corrections[e["data"]["seq"]] = e["data"]["on"]
        state, self.states = None, []
        for e in self.events:
            event = decode_event(e["kind"], e["data"])
            state = apply_event(state, event, ref=ref, seq=e["seq"], at=e["at"])
            self.states.append(state)
        self.units: list[tuple[str, tuple]] = []

    def unit(self, measure: str, index: int, extra: dict, month: str | None = None) -> None:
        s = self.states[index]
        attrs = {
            "channel": s.channel,
            "category": s.category,
            "victim_age_band": s.victim_age_band,
            "victim_gender": s.victim_gender,
            **extra,
        }
        month = month or _local_month(self.events[index]["at"])
        self.units.append((measure, (s.district, s.province, month, attrs)))

    def here(self, index: int) -> bool:
        return _local_month(self.events[index]["at"]) in self.months

    def triage(self, index: int) -> str:
        opened = self.events[index]
        met = next(
            (
                e
                for e in self.events[index + 1 :]
                if e["kind"] in ("case.assigned", "case.stage_recorded")
            ),
            None,
        )
        if met is None:
            return "not_yet"
        waited = _happened(met, self.corrections) - _happened(opened, self.corrections)
        return "late" if waited > dt.timedelta(hours=3) else "in_time"


def _count_stage(case: _Case, i: int, stage: str | None) -> None:
    """The stage steps the period counts: police responses, and trials started."""
    if stage in RESPONSES:
        case.unit("police_response", i, {"response": stage})
    if stage == "trial":
        case.unit("trials_started", i, {})


def _count_events(case: _Case) -> None:
    fir_seen, closed, first_law = False, False, {}
    for i, e in enumerate(case.events):
        kind, data, here = e["kind"], e["data"], case.here(i)
        stage = data.get("stage") if kind == "case.stage_recorded" else None
        if kind == "case.opened" and here:
            case.unit("reports_received", i, {})
            case.unit("triage_timeliness", i, {"triage": case.triage(i)})
        if here:
            _count_stage(case, i, stage)
        if kind == "case.deadline_escalated" and here:
            case.unit("escalations", i, {"level": data["to"], "deadline": data["deadline"]})
        custody = (
            data.get("custody") if kind in ("case.custody_changed", "case.accused_added") else None
        )
        if custody in CUSTODY and here:
            case.unit("custody_changes", i, {"custody": custody})
        if kind == "case.charge_recorded":
            first_law.setdefault(data["accused"], LAWS[data["offence"]])
            if here:
                case.unit("charges", i, {"offence": data["offence"], "law": LAWS[data["offence"]]})
        if kind == "case.verdict_recorded" and here:
            for number in data["accused"] or [None]:
                law = first_law.get(number, "none")
                case.unit("outcomes", i, {"outcome": data["outcome"], "law": law})
        fir_seen = fir_seen or stage == "fir_registered"
        if stage == "closed":
            if not fir_seen and not closed and here:
                case.unit("closed_without_fir", i, {"reason": data["reason_code"]})
            closed = True


def _reached(event: dict, what: str) -> bool:
    if what == "opened":
        return event["kind"] == "case.opened"
    if what == "verdict":
        return event["kind"] == "case.verdict_recorded"
    return event["kind"] == "case.stage_recorded" and event["data"].get("stage") == what


def _durations(case: _Case, durations: dict) -> None:
    for measure, start, finish in (
        ("days_report_to_fir", "opened", "fir_registered"),
        ("days_fir_to_verdict", "fir_registered", "verdict"),
    ):
        ends = [i for i, e in enumerate(case.events) if _reached(e, finish)]
        if not ends or not case.here(ends[0]):
            continue
        starts = [e for e in case.events[: ends[0] + 1] if _reached(e, start)]
        if starts:
            waited = _happened(case.events[ends[0]], case.corrections) - _happened(
                starts[0], case.corrections
            )
            s = case.states[ends[0]]
            days = max(0, int(waited.total_seconds() // 86400))
            durations[measure].append((s.district, s.province, s.category, days))


def _idle(case: _Case, period: Period, end: dt.datetime, activity_kinds) -> None:
    closed = any(
        e["data"].get("stage") == "closed"
        for e in case.events
        if e["kind"] == "case.stage_recorded"
    )
    activity = [e["at"] for e in case.events if e["kind"] in activity_kinds]
    if closed or not activity:
        return
    idle = int((end - max(activity)).total_seconds() // 86400)
    band = "90+" if idle >= 90 else ("30-89" if idle >= 30 else None)
    if band:
        case.unit("idle_cases", len(case.events) - 1, {"idle_for": band}, "end:" + period.last)


def _units(period: Period) -> tuple[dict, dict]:
    """measure -> [(district, province, month, attributes)], and median measure ->
    [(district, province, category, days)]."""
    activity_kinds = load_figures().activity_kinds
    end = _period_end(period.last)
    counted, durations = defaultdict(list), defaultdict(list)
    for ref, events in _histories(end).items():
        case = _Case(ref, events, set(period.months))
        _count_events(case)
        _durations(case, durations)
        _idle(case, period, end, activity_kinds)
        for measure, unit in case.units:
            counted[measure].append(unit)
    return counted, durations


def _expected_cells(release, counted) -> dict:
    """The release's tables, summed from the recount's units (zeros left out)."""
    expected: dict = defaultdict(int)
    for spec in release.spec.tables:
        for district, province, month, attrs in counted[spec.measure]:
            if month not in release.spec.months:
                continue
            province = province or "PK?"
            district = district or f"{province}?"
            column = tuple(month if n == "month" else attrs[n] for n in spec.breakdown)
            for area in (district, province, "PK"):
                expected[(spec, area, column)] += 1
    return expected


def _expected_medians(counted_durations, period, minimum) -> dict:
    found = {}
    for measure, rows in counted_durations.items():
        samples = defaultdict(list)
        for district, province, category, days in rows:
            province = province or "PK?"
            for area in (district or f"{province}?", province, "PK"):
                samples[((), area, ())].append(days)
                samples[(("category",), area, (category,))].append(days)
        for (breakdown, area, column), days in samples.items():
            days.sort()
            middle = days[(len(days) - 1) // 2] if len(days) >= minimum else None
            found[(measure, breakdown, area, column)] = (middle, len(days))
    return found


histories = st.lists(case, min_size=1, max_size=8)


@pytest.mark.slow
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=histories, kind=st.sampled_from(["month", "rolling"]))
def test_every_published_cell_is_an_independent_recount_of_the_ledger(db, batch, kind):
    first = Event.objects.count()
    with transaction.atomic():
        for number, history in enumerate(batch):
            write_case(first + number, history)
    period = Period.parse(f"{kind}:2026-0{1 + len(batch) % 3}")
    release = build_release(period)
    counted, durations = _units(period)
    expected = _expected_cells(release, counted)
    values = {(s, a, c): v for (k, s, a, c), v in release.outcome.values.items() if k == period.key}
    assert set(expected) <= set(values), "the recount found cells the release does not have"
    mismatched = {
        key: (v, expected.get(key, 0)) for key, v in values.items() if v != expected.get(key, 0)
    }
    assert not mismatched, f"release vs recount: {dict(itertools.islice(mismatched.items(), 5))}"
    threshold = release.threshold
    for (_, spec, area, column), (status, shown) in release.published().items():
        truth = expected.get((spec, area, column), 0)
        if status == SHOWN:
            assert shown == truth and not 1 <= truth <= threshold
        elif status == SMALL:
            assert 1 <= truth <= threshold
    minimum = load_figures().disclosure.median_min_count
    assert release.medians == _expected_medians(durations, period, minimum)
    # The same cells and medians from the other path (every ledger event, no read model).
    from_ledger = build_release(period, source="ledger")
    assert from_ledger.outcome.values == release.outcome.values
    assert from_ledger.medians == release.medians


def test_a_month_counts_what_was_recorded_in_it_by_the_place_recorded_then(db):
    """A case reported in Kasur in December and moved to Lahore in January counts in Kasur for
    December and its January FIR counts in Lahore: a month's figures never change later."""
    at = dt.datetime(2025, 12, 10, 6, tzinfo=dt.UTC)
    with transaction.atomic():
        opened = {
            "channel": "web",
            "category": "sexual_abuse",
            "district": "PK614",
            "province": "PK6",
            "victim_age_band": "10-14",
            "victim_gender": "female",
            "protected": {},
            "report": {},
        }
        append_event(case_ref="NGR-M1", kind="case.opened", actor="t", data=opened, at=at)
        moved = {"field": "district", "value": "PK617", "province": "PK6", "reason": "r"}
        append_event(
            case_ref="NGR-M1",
            kind="case.field_corrected",
            actor="t",
            data=moved,
            at=at + dt.timedelta(days=30),
        )
        fir = {"stage": "fir_registered", "reason": "", "rules": "x"}
        append_event(
            case_ref="NGR-M1",
            kind="case.stage_recorded",
            actor="t",
            data=fir,
            at=at + dt.timedelta(days=31),
        )
    december = build_release(Period.parse("month:2025-12")).outcome.values
    january = build_release(Period.parse("month:2026-01")).outcome.values
    total = TableSpec("reports_received", ())
    response = TableSpec("police_response", ("response",))
    assert december[("month:2025-12", total, "PK614", TOTAL)] == 1
    assert january[("month:2026-01", total, "PK614", TOTAL)] == 0
    assert january[("month:2026-01", response, "PK617", ("fir_registered",))] == 1
    assert january[("month:2026-01", response, "PK614", ("fir_registered",))] == 0


def test_a_rolling_release_honours_the_one_before_it(db):
    """build_release with the previous window: its statuses are kept as published, and every
    small count of both is still proven (the proof itself is tested in
    test_figures_disclosure.py; here, that the release plumbing passes it through)."""
    with transaction.atomic():
        for number in range(6):
            place = PLACES_FOR_TEST[number % 3]
            write_case(
                9000 + number, ("web", "sexual_abuse", place, "5-9", "female", number * 9, [])
            )
    before = build_release(Period.parse("rolling:2026-01"))
    earlier = [(before.period, before.outcome.statuses)]
    after = build_release(Period.parse("rolling:2026-02"), previous=earlier)
    kept = {c: s for c, s in after.outcome.statuses.items() if c[0] == before.period.key}
    assert kept == before.outcome.statuses
    statuses = set(after.outcome.statuses.values())
    assert SMALL in statuses and SHOWN in statuses


PLACES_FOR_TEST = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7")]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(batch=histories)
def test_a_published_release_stores_exactly_what_was_computed(db, batch):
    """Publishing stores every cell's status and every shown number of the release computed
    from the ledger (so the recount above holds for what the public downloads)."""
    from nigraan.stats.models import PublishedRelease
    from nigraan.stats.publish import publish, stored_statuses

    PublishedRelease.objects.all().delete()
    first = Event.objects.count()
    with transaction.atomic():
        for number, history in enumerate(batch):
            write_case(first + number, history)
    period = Period.parse(f"month:2026-0{1 + len(batch) % 3}")
    computed = build_release(period)
    row = publish(period).release
    document = json.loads(row.tables)
    assert stored_statuses(document) == computed.outcome.statuses
    for table in document["tables"]:
        spec = TableSpec(table["measure"], tuple(table["breakdown"]))
        for area, cells in table["cells"].items():
            for column, cell in zip(table["columns"], cells, strict=True):
                if isinstance(cell, int):
                    assert cell == computed.outcome.values[(period.key, spec, area, tuple(column))]
