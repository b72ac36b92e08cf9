"""Random case histories written straight to the ledger for the figures tests (figures read the
ledger, not the commands, so any sequence the ledger can hold is fair game)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from nigraan.ledger.append import append_event

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


def write_case(number: int, history) -> None:
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
        extra = {"custody": None, "flag": False, "rules": "v", "version": 2}
        return "case.verdict_recorded", {**data, **extra}
