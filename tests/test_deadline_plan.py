"""The projection check plans every case's deadlines; it finds the clocks of one course of
milestones (their names and subjects in order, and the facts the rules read) once per place and
works out only the times for each case. Whatever the course, the plan must be the one made
afresh for that case alone: the same rows, in the same order, with the same times."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from nigraan.cases import events as ev
from nigraan.cases.deadline_plan import PlaceCache, plan_deadlines
from nigraan.cases.deadlines import CaseReplay
from nigraan.cases.projection import ProjectionError
from nigraan.cases.rules import current_rules
from test_projection_stream import LATER

AT = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
MORE = st.one_of(
    LATER,
    st.builds(
        lambda n, o: ev.ChargeRecorded(accused=n, offence=o),
        st.integers(1, 2),
        st.sampled_from(["PK.PPC.376", "PK.PPC.292A", "PK.PPC.364A"]),
    ),
    st.just(ev.PoliceContacted(how="phone")),
)
OPENED = st.builds(
    lambda category, band, district, danger: ev.CaseOpened(
        channel="helpline",
        category=category,
        district=district,
        province="PK6" if district else None,
        victim_age_band=band,
        victim_gender="female",
        protected={},
        report={} if danger is None else {"in_danger_now": danger},
    ),
    st.sampled_from(["sexual_abuse", "missing_child", "physical_abuse"]),
    st.sampled_from(["10-14", "18+"]),
    st.sampled_from(["PK614", "PK617", None]),
    st.sampled_from([None, True, False]),
)
SHARED: PlaceCache = {}  # kept across examples: later cases of a course find its clocks here


@settings(max_examples=400, deadline=None)
@given(opened=OPENED, later=st.lists(MORE, max_size=10), hours=st.integers(0, 2000))
def test_a_course_s_clocks_found_once_plan_each_case_as_a_plan_made_afresh(
    opened: ev.CaseOpened, later: list[ev.CaseEvent], hours: int
):
    start = AT + dt.timedelta(hours=hours)  # the same course at other times
    replay = CaseReplay("NGR-P1")
    try:
        for seq, event in enumerate([opened, *later], start=1):
            replay.step(seq, start + dt.timedelta(days=seq, minutes=hours % 7), event)
    except ProjectionError:
        return
    assert replay.state is not None
    rules = current_rules()
    afresh = plan_deadlines(replay.state, replay.found, replay.levels, rules)
    for _ in range(2):  # the first may find the course's clocks, the second reuses them
        kept = plan_deadlines(replay.state, replay.found, replay.levels, rules, SHARED)
        assert list(kept.running.items()) == list(afresh.running.items())
        assert kept.levels == afresh.levels
