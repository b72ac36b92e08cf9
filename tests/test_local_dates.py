"""Days are Pakistan's days (TIME_ZONE), not UTC's: between midnight and 05:00 in Pakistan the UTC
date is still yesterday. A custody change recorded then was dated a day early (which moved legal
clocks and made a deadline look met before it was escalated), and a date typed as today was
refused as in the future. Found by the deadline property test on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from nigraan import clock
from nigraan.cases import commands
from nigraan.cases.models import Deadline
from nigraan.ledger.models import Event
from personas import KASUR, Personas

# 20:30 UTC on 14 January is 01:30 on 15 January in Pakistan.
LATE_EVENING_UTC = dt.datetime(2026, 1, 14, 20, 30, tzinfo=dt.UTC)


@pytest.fixture
def people(personas: Personas) -> Personas:
    return personas.ensure("op", "sup", "police")


def _case_with_accused(people: Personas) -> str:
    case = commands.open_case(
        people["op"], channel="helpline", category="sexual_abuse", district_code=KASUR
    )
    commands.add_accused(people["police"], case.ref, relation="stranger")
    return case.ref


def test_today_is_pakistan_s_day():
    with clock.frozen_at(LATE_EVENING_UTC):
        assert clock.today() == dt.date(2026, 1, 15)


def test_a_fact_recorded_after_midnight_in_pakistan_is_dated_that_day(people):
    with clock.frozen_at(LATE_EVENING_UTC):
        ref = _case_with_accused(people)
        commands.record_custody(
            people["police"], ref, number=1, custody="arrested", basis="synthetic"
        )
    added, changed = (
        Event.objects.filter(case_ref=ref, kind=kind).get().data
        for kind in ("case.accused_added", "case.custody_changed")
    )
    assert added["since"] == changed["since"] == "2026-01-15"
    # The 24-hour magistrate clock starts when the arrest was recorded, not a day earlier.
    started = Deadline.objects.filter(case__ref=ref, subject="1").values_list(
        "started_at", flat=True
    )
    assert started and all(moment >= LATE_EVENING_UTC for moment in started)


def test_a_date_typed_as_today_in_pakistan_is_not_in_the_future(people):
    with clock.frozen_at(LATE_EVENING_UTC):
        ref = _case_with_accused(people)
        commands.record_custody(
            people["police"], ref, number=1, custody="arrested", basis="synthetic", on="2026-01-15"
        )
        with pytest.raises(commands.CommandRefused, match="future"):
            commands.record_custody(
                people["police"], ref, number=1, custody="bailed", basis="b", on="2026-01-16"
            )
