"""Property: for random case histories written to the ledger, every cell of a release equals an
independent recount of the ledger before disclosure control, and every published number is that
recount. The recount shares no code with the counting pass: it reads events in commit order
through the ledger model, folds them with the cases' own projection (cases.projection), and
counts each measure its own way."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nigraan.cases.projection import apply_event
from nigraan.ledger.append import append_event
from nigraan.ledger.models import Event
from nigraan.stats.cells import TOTAL, TableSpec
from nigraan.stats.disclosure import SHOWN, SMALL
from nigraan.stats.measures import load_figures
from nigraan.stats.release import Period, build_release

ZONE = ZoneInfo("Asia/Karachi")
START = dt.datetime(2025, 11, 20, 9, 0, tzinfo=dt.UTC)
PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7"), (None, "PK6"), (None, None)]
OFFENCES = ["PK.PPC.376", "PK.PPC.377A", "PK.ZARRA.2020", "PK.PECA.2016"]
ROLES = ["supervisor", "district_officer", "oversight"]
STAGES = ["triaged", "fir_registered", "diary_entry", "fir_refused", "investigation", "trial"]

step = st.one_of(
    st.tuples(st.just("stage"), st.sampled_from(STAGES), st.booleans()),
    st.tuples(st.just("assign")),
    st.tuples(st.just("note")),
    st.tuples(st.just("move"), st.sampled_from(PLACES)),
    st.tuples(st.just("category"), st.sampled_from(["sexual_abuse", "harassment", "other"])),
    st.tuples(st.just("accused"), st.sampled_from(["at_large", "arrested", "absconding"])),
    st.tuples(
        st.just("custody"), st.sampled_from(["arrested", "bailed", "released", "absconding"])
    ),
    st.tuples(st.just("charge"), st.sampled_from(OFFENCES)),
    st.tuples(st.just("verdict"), st.sampled_from(["conviction", "acquittal", "compromise"])),
    st.tuples(st.just("escalate"), st.integers(1, 3)),
    st.tuples(st.just("close"), st.sampled_from(["duplicate", "no_contact"])),
    st.tuples(st.just("backdate")),
)
case = st.tuples(
    st.sampled_from(["web", "sms", "helpline"]),
    st.sampled_from(["sexual_abuse", "harassment", "missing_child"]),
    st.sampled_from(PLACES),
    st.sampled_from(["5-9", "10-14", "unknown"]),
    st.sampled_from(["female", "male"]),
    st.integers(0, 120),  # days after START it is reported
    st.lists(st.tuples(st.integers(0, 40 * 24), step), max_size=12),  # hours later, what
)


def _write(number: int, history) -> None:
    """Append one case's events straight to the ledger (figures read the ledger, not commands)."""
    channel, category, (district, province), age, gender, day, steps = history
    ref = f"NGR-F{number:06d}"
    at = START + dt.timedelta(days=day)
    opened = {
        "channel": channel,
        "category": category,
        "district": district,
        "province": province,
        "victim_age_band": age,
        "victim_gender": gender,
        "protected": {},
        "report": {},
    }
    append_event(case_ref=ref, kind="case.opened", actor="t", data=opened, at=at)
    accused, seq = 0, 1
    for hours, (what, *args) in steps:
        at += dt.timedelta(hours=hours)
        kind, data = _event(what, args, accused, seq, at)
        if kind is None:
            continue
        accused += kind == "case.accused_added"
        seq = append_event(case_ref=ref, kind=kind, actor="t", data=data, at=at).seq


def _event(what: str, args: list, accused: int, seq: int, at: dt.datetime):
    day = (at - dt.timedelta(days=3)).astimezone(ZONE).date().isoformat()
    if what in ("custody", "charge", "verdict", "escalate"):
        return _court_event(what, args, accused, day)
    if what == "stage":
        data = {"stage": args[0], "reason": "", "rules": "pipeline v1:x"}
        return "case.stage_recorded", {**data, "on": day} if args[1] else data
    if what == "close":
        data = {"stage": "closed", "reason": "r", "reason_code": args[0], "rules": "x"}
        return "case.stage_recorded", data
    if what == "assign":
        return "case.assigned", {"owner": "cw", "reason": ""}
    if what == "note":
        return "case.note_added", {"note": "enc1:AAAA"}
    if what == "move":
        return "case.field_corrected", {
            "field": "district",
            "value": args[0][0],
            "province": args[0][1],
            "reason": "r",
        }
    if what == "category":
        return "case.field_corrected", {"field": "category", "value": args[0], "reason": "r"}
    if what == "accused":
        return "case.accused_added", {
            "number": accused + 1,
            "relation": "unknown",
            "custody": args[0],
            "since": day,
        }
    return "case.date_corrected", {"seq": seq, "on": day, "reason": "r"}


def _court_event(what: str, args: list, accused: int, day: str):
    if what == "escalate":
        level = args[0]
        data = {"deadline": "triage_new_report", "level": level, "due": "x", "rules": "v"}
        return "case.deadline_escalated", {**data, "to": ROLES[level - 1]}
    if not accused:
        return None, None
    if what == "custody":
        return "case.custody_changed", {
            "number": accused,
            "custody": args[0],
            "basis": "b",
            "since": day,
        }
    if what == "charge":
        return "case.charge_recorded", {"accused": accused, "offence": args[0]}
    if what == "verdict":
        data = {"outcome": args[0], "accused": list(range(1, accused + 1)), "on": day}
        return "case.verdict_recorded", {**data, "custody": None, "basis": "", "flag": False}


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
            state = apply_event(
                state, ref=ref, seq=e["seq"], kind=e["kind"], at=e["at"], data=e["data"]
            )
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


def _count_events(case: _Case) -> None:
    fir_seen, closed, first_law = False, False, {}
    for i, e in enumerate(case.events):
        kind, data, here = e["kind"], e["data"], case.here(i)
        stage = data.get("stage") if kind == "case.stage_recorded" else None
        if kind == "case.opened" and here:
            case.unit("reports_received", i, {})
            case.unit("triage_timeliness", i, {"triage": case.triage(i)})
        if stage in RESPONSES and here:
            case.unit("police_response", i, {"response": stage})
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
            _write(first + number, history)
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
