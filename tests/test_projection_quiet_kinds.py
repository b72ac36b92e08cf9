"""The projection check's replay skips the milestone checks for "quiet" kinds (a note, a read, a
referral…). That is only right if their handlers leave stage, accused and district exactly as they
were: a quiet kind that changed one would start or stop a deadline clock that nobody replays —
and ``refresh_deadlines`` uses the same replay, so the check could not see it. Every quiet kind is
applied here to a case with accused people and a district, with each field filled in."""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Any

import msgspec
import pytest

from nigraan.cases import events as ev
from nigraan.cases.deadlines import replay_with_milestones
from nigraan.cases.projection import QUIET_KINDS, CaseState, apply_event

AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _value(kind: Any) -> Any:
    """A plain value of a field's type (the first usable arm of a union)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        arms = [a for a in typing.get_args(kind) if a not in (type(None), msgspec.UnsetType)]
        return _value(arms[0])
    if kind is str:
        return "1"
    if kind is bool:
        return True
    if kind is int:
        return 1
    if origin is tuple or kind is tuple:
        return ("1",)
    if origin is dict or kind is dict:
        return {}
    if origin is list or kind is list:
        return []
    return "1"


def _event(cls: type[ev.CaseEvent]) -> ev.CaseEvent:
    fields = msgspec.structs.fields(cls)
    return cls(**{f.name: _value(f.type) for f in fields if f.name != "kind"})


def _state() -> CaseState:
    return CaseState(
        ref="NGR-QUIET001",
        channel="helpline",
        category="sexual_abuse",
        stage="fir_registered",
        is_open=True,
        province="PK6",
        district="PK614",
        victim_age_band="10-14",
        victim_gender="female",
        owner="cw.one",
        opened_at=AT,
        updated_at=AT,
        accused=(
            {
                "number": 1,
                "relation": "neighbour",
                "custody": "arrested",
                "basis": "",
                "since": "2026-03-01",
            },
        ),  # fmt: skip
    )


def test_the_quiet_kinds_are_the_ones_expected_and_not_those_that_move_clocks():
    assert ev.NoteAdded in QUIET_KINDS
    for moving in (
        ev.StageRecorded,
        ev.CaseAssigned,
        ev.CustodyChanged,
        ev.AccusedAdded,
        ev.VerdictRecorded,
        ev.FieldCorrected,
        ev.CaseOpened,
    ):
        assert moving not in QUIET_KINDS


@pytest.mark.parametrize("cls", sorted(QUIET_KINDS, key=lambda c: c.kind), ids=lambda c: c.kind)
def test_a_quiet_kind_leaves_stage_accused_and_district_alone(cls):
    before = _state()
    after = apply_event(before, _event(cls), ref=before.ref, seq=5, at=AT + dt.timedelta(hours=1))
    assert (after.stage, after.is_open, after.district, after.province) == (
        before.stage,
        before.is_open,
        before.district,
        before.province,
    )
    assert after.accused is before.accused


def test_replay_finds_the_same_milestones_with_quiet_events_between():
    opened = ev.CaseOpened(
        channel="helpline",
        category="sexual_abuse",
        district="PK614",
        province="PK6",
        victim_age_band="10-14",
        victim_gender="female",
        protected={},
        report={},
    )
    fir = ev.StageRecorded(stage="fir_registered", reason="", rules="pipeline v1:t")
    added = ev.AccusedAdded(number=1, relation="neighbour", custody="arrested", since="")
    note = ev.NoteAdded(note="enc1:x")

    def history(events: list[ev.CaseEvent]) -> list[ev.RecordedEvent]:
        return [
            ev.RecordedEvent(n, e.kind, "cw.one", AT + dt.timedelta(hours=n), "", e)
            for n, e in enumerate(events, start=1)
        ]

    plain = replay_with_milestones(history([opened, fir, added]), "NGR-QUIET002")[1]
    noisy = replay_with_milestones(history([opened, note, fir, note, added, note]), "NGR-QUIET002")[
        1
    ]
    assert [(m.name, m.subject) for m in plain] == [(m.name, m.subject) for m in noisy]
    assert any(m.name.startswith("custody:") for m in noisy)
