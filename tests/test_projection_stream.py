"""The full projection check runs in the ledger's own pass: events arrive in log order, cases
interleaved, and a date correction may arrive after the milestones it moves. It must find exactly
what replaying each case on its own finds.

- ``CaseReplay`` (an event at a time, corrections fixed up when they arrive) gives the same
  state, milestones and escalation counts as replay with every correction known from the start
  (the algorithm before the streaming pass, kept here as the reference);
- ``nigraan ledger verify`` over interleaved cases names the same first difference per case as
  the check of that one case, for rows that name fewer or more events than the ledger holds.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec import UNSET

from nigraan.cases import commands
from nigraan.cases import events as ev
from nigraan.cases.deadlines import CaseReplay, Milestone, _stated_day, _when
from nigraan.cases.projection import QUIET_KINDS, CaseState, ProjectionError, apply_event
from nigraan.cases.projection_check import check_cases
from nigraan.cases.projection_compare import escalations_in
from nigraan.ledger.verify import verify_ledger
from personas import Personas

AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _custody_changes(before: CaseState | None, after: CaseState, seq: int, at: dt.datetime) -> list:
    if before is not None and before.accused is after.accused:
        return []  # the event left the accused as they were (replay shares the tuple)
    old = {person["number"]: person["custody"] for person in (before.accused if before else ())}
    return [
        Milestone(seq, at, f"custody:{person['custody']}", str(person["number"]))
        for person in after.accused
        if old.get(person["number"]) != person["custody"]
    ]


def _place_change(before: CaseState | None, after: CaseState, seq: int, at: dt.datetime) -> list:
    had = before.district if before is not None else None
    if (before is None or had) and not after.district:
        return [Milestone(seq, at, "place:unplaced", "")]
    if before is not None and not had and after.district:
        return [Milestone(seq, at, "place:placed", "")]
    return []


def _reference(history: list[ev.RecordedEvent], ref: str) -> tuple[CaseState | None, list]:
    """Replay as it was before the streaming pass (a copy of each state per event, every date
    correction read first)."""
    corrected = {r.event.seq: r.event.on for r in history if isinstance(r.event, ev.DateCorrected)}
    found: list[Milestone] = []
    state: CaseState | None = None
    for recorded in history:
        event, before = recorded.event, state
        state = apply_event(state, event, ref=ref, seq=recorded.seq, at=recorded.at)
        if type(event) in QUIET_KINDS:
            continue
        at = _when(recorded.at, corrected.get(recorded.seq) or _stated_day(event))
        if before is None or before.stage != state.stage:
            found.append(Milestone(recorded.seq, at, f"stage:{state.stage}", ""))
        if isinstance(event, ev.VerdictRecorded):
            found.append(Milestone(recorded.seq, at, f"outcome:{event.outcome}", ""))
        found += _custody_changes(before, state, recorded.seq, at)
        found += _place_change(before, state, recorded.seq, at)
    return state, found


DAYS = st.sampled_from(["", "2026-02-20", "2026-02-27", "2026-03-01", "2026-03-05"])
STAGES = st.sampled_from(["triaged", "assigned", "fir_registered", "investigation", "closed"])
LATER = st.one_of(
    st.builds(
        lambda s, d: ev.StageRecorded(stage=s, reason="", rules="r", on=d or UNSET), STAGES, DAYS
    ),
    st.builds(
        lambda n, d: ev.AccusedAdded(number=n, relation="stranger", custody="at_large", since=d),
        st.integers(1, 2),
        DAYS,
    ),
    st.builds(
        lambda n, c, d: ev.CustodyChanged(number=n, custody=c, basis="b", since=d),
        st.integers(1, 2),
        st.sampled_from(["arrested", "bailed", "released"]),
        DAYS,
    ),
    st.builds(
        lambda o, d: ev.VerdictRecorded(
            outcome=o, accused=(1,), on=d, custody="convicted", flag=False, rules="r"
        ),
        st.sampled_from(["conviction", "acquittal"]),
        DAYS,
    ),
    st.builds(
        lambda s, d: ev.DateCorrected(seq=s, on=d, reason="checked"), st.integers(1, 12), DAYS
    ),
    st.builds(
        lambda d: ev.FieldCorrected(field="district", reason="r", value=d or None, province="PK6"),
        st.sampled_from(["", "PK614", "PK617"]),
    ),
    st.builds(
        lambda d: ev.DeadlineEscalated(deadline=d, level=1, to="sup", due="x", rules="r"),
        st.sampled_from(["fir", "bail"]),
    ),
    st.just(ev.NoteAdded(note="enc1:x")),
)
OPENED = ev.CaseOpened(
    channel="helpline",
    category="sexual_abuse",
    district="PK614",
    province="PK6",
    victim_age_band="10-14",
    victim_gender="female",
    protected={},
    report={},
)


@settings(max_examples=400, deadline=None)
@given(later=st.lists(LATER, max_size=11), opened_first=st.booleans())
def test_replaying_an_event_at_a_time_equals_replay_with_every_correction_known(
    later: list[ev.CaseEvent], opened_first: bool
):
    events = [OPENED, *later] if opened_first else later
    history = [
        ev.RecordedEvent(n, e.kind, "cw", AT + dt.timedelta(days=n), "", e)
        for n, e in enumerate(events, start=1)
    ]
    try:
        expected = _reference(history, "NGR-S1")
    except ProjectionError as exc:
        expected_error: str | None = str(exc)
    else:
        expected_error = None
    replay = CaseReplay("NGR-S1")
    try:
        for recorded in history:
            replay.step(recorded.seq, recorded.at, recorded.event)
    except ProjectionError as exc:
        assert str(exc) == expected_error
        return
    assert expected_error is None
    assert (replay.state, replay.found) == expected
    assert replay.levels == Counter(escalations_in(history))


@pytest.fixture
def interleaved(personas: Personas, fixed_clock) -> list[str]:
    """Three Kasur cases whose events interleave in the log; the first has its FIR's day
    corrected after other cases' events (its milestones move after they were found)."""
    crew = personas.ensure("op", "sup", "cw", "police")
    refs = [
        commands.open_case(
            crew["op"], channel="helpline", category="missing_child", district_code="PK614"
        ).ref
        for _ in range(3)
    ]
    for ref in refs:
        fixed_clock.advance(minutes=5)
        commands.record_stage(crew["sup"], ref, stage="triaged")
    for ref in refs:
        commands.assign_case(crew["sup"], ref, owner_username="cw.kasur")
        commands.record_stage(crew["sup"], ref, stage="fir_registered")
    for ref in refs[1:]:
        commands.add_note(crew["sup"], ref, text="called the family")
    fir = next(
        r.seq
        for r in ev.case_history(refs[0])
        if isinstance(r.event, ev.StageRecorded) and r.event.stage == "fir_registered"
    )
    commands.correct_date(crew["sup"], refs[0], seq=fir, on="2026-01-10", reason="record checked")
    commands.add_note(crew["sup"], refs[2], text="visited")
    return refs


@pytest.mark.django_db
def test_interleaved_cases_verify_with_their_projections(interleaved):
    report = verify_ledger(projections=True)
    assert report.ok and report.mismatches == [], str(report)
    assert report.projection_cases == 3


@pytest.mark.django_db
@pytest.mark.parametrize("last_seq", [-1, +1], ids=["fewer events named", "more events named"])
def test_a_row_naming_another_number_of_events_is_named_as_the_one_case_check_names_it(
    interleaved, last_seq
):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_case SET last_seq = last_seq + %s WHERE ref = %s",
            [last_seq, interleaved[0]],
        )
    report = verify_ledger(projections=True)
    alone = check_cases([interleaved[0]]).mismatches
    assert [str(m) for m in report.mismatches] == [str(m) for m in alone]
    assert [m.fingerprint for m in report.mismatches] == [m.fingerprint for m in alone]
    assert "field last_seq" in str(report)


def test_a_case_opened_by_replay_is_the_dataclass_s_own_state():
    """Replay makes an opened case's state without CaseState's __init__ (faster): every field
    must still be there, with the defaults the dataclass would give."""
    from dataclasses import fields

    state = apply_event(None, OPENED, ref="NGR-S2", seq=1, at=AT)
    made = CaseState(
        ref="NGR-S2",
        channel="helpline",
        category="sexual_abuse",
        stage="received",
        is_open=True,
        province="PK6",
        district="PK614",
        victim_age_band="10-14",
        victim_gender="female",
        owner=None,
        opened_at=AT,
        updated_at=AT,
        last_seq=1,
    )
    assert list(state.__dict__) == [spec.name for spec in fields(CaseState)]
    assert state == made and state.__dict__ == made.__dict__
