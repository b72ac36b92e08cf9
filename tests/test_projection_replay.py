"""Property: for any sequence of commands, rebuilding each case from its events gives exactly the
stored projection, and a refused command leaves no trace."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.crypto import KeyUnavailable
from nigraan.cases.models import Case
from nigraan.cases.projection import rebuild, state_of
from nigraan.cases.vocabulary import AgeBand, Category, Gender, Stage
from nigraan.ledger.models import Event

DISTRICTS = ["PK614", "PK617"]  # Kasur, Lahore (both Punjab)

open_cmd = st.tuples(
    st.just("open"),
    st.sampled_from(DISTRICTS + [None]),
    st.sampled_from(Category.values),
    st.sampled_from(AgeBand.values),
    st.sampled_from(Gender.values),
    st.dictionaries(
        st.sampled_from(["victim_name", "narrative", "reporter_phone"]),
        st.text(max_size=30),
        max_size=3,
    ),
)
case_cmd = st.one_of(
    st.tuples(
        st.just("assign"),
        st.integers(0, 20),
        st.sampled_from(["cw.kasur", "cw.lahore", "sup.punjab", "nobody"]),
    ),
    st.tuples(st.just("note"), st.integers(0, 20), st.text(max_size=40)),
    st.tuples(
        st.just("correct"),
        st.integers(0, 20),
        st.sampled_from(
            [
                "victim_age_band",
                "victim_gender",
                "category",
                "district",
                "narrative",
                "victim_name",
                "stage",
            ]
        ),
        st.sampled_from(
            AgeBand.values + Gender.values + Category.values + DISTRICTS + ["", "new text"]
        ),
        st.sampled_from(["", "checked the record"]),
    ),
    st.tuples(
        st.just("stage"),
        st.integers(0, 20),
        st.sampled_from(Stage.values),
        st.sampled_from(["", "reason given"]),
    ),
    st.tuples(st.just("read"), st.integers(0, 20), st.sampled_from(["", "triage"])),
    st.tuples(st.just("shred"), st.integers(0, 20)),
    st.tuples(
        st.just("accused"), st.integers(0, 20), st.sampled_from(["family", "stranger", "nobody"])
    ),
    st.tuples(
        st.just("charge"),
        st.integers(0, 20),
        st.integers(1, 2),
        st.sampled_from(["PK.PPC.376.3", "PK.PPC.377A", "PK.XX.1"]),
    ),
    st.tuples(
        st.just("custody"),
        st.integers(0, 20),
        st.integers(1, 3),
        st.sampled_from(["arrested", "bailed", "released", "convicted", "limbo"]),
        st.sampled_from(["", "CrPC s. 497"]),
    ),
)
case_cmd = st.one_of(
    case_cmd,
    st.tuples(
        st.just("hearing"), st.integers(0, 20), st.sampled_from(["2026-01-10", "2031-01-01", "x"])
    ),
    st.tuples(
        st.just("verdict"),
        st.integers(0, 20),
        st.sampled_from(
            ["conviction", "acquittal", "compromise", "withdrawal", "marriage_to_accused", "pardon"]
        ),
    ),
    st.tuples(
        st.just("date"),
        st.integers(0, 20),
        st.integers(1, 6),
        st.sampled_from(["2026-01-01", "2025-12-24", "soon"]),
    ),
)
programs = st.lists(st.one_of(open_cmd, case_cmd), min_size=1, max_size=12)
SEQUENCES_RUN = {"count": 0}


@pytest.fixture
def crew(geography, make_staff):
    return {
        "cw.kasur": make_staff("cw.kasur", "case_worker", district="PK614"),
        "cw.lahore": make_staff("cw.lahore", "case_worker", district="PK617"),
        "sup.punjab": make_staff("sup.punjab", "supervisor", province="PK6"),
        "admin": make_staff("admin", "administrator", country=True),
        "police": make_staff("police.punjab", "police_liaison", province="PK6"),
        "pros": make_staff("pros.punjab", "prosecutor", province="PK6"),
    }


def _run(crew, refs: list[str], command: tuple) -> None:
    sup, admin = crew["sup.punjab"], crew["admin"]
    name = command[0]
    if name == "open":
        _, district, category, age, gender, protected = command
        case = commands.open_case(
            sup,
            channel="staff",
            category=category,
            district_code=district,
            province_code="PK6",
            victim_age_band=age,
            victim_gender=gender,
            protected=protected,
        )
        refs.append(case.ref)
        return
    if not refs:
        return
    ref = refs[command[1] % len(refs)]
    if name == "assign":
        commands.assign_case(sup, ref, owner_username=command[2], reason="")
    elif name == "note":
        commands.add_note(sup, ref, text=command[2])
    elif name == "correct":
        commands.correct_field(sup, ref, field=command[2], value=command[3], reason=command[4])
    elif name == "stage":
        commands.record_stage(
            sup, ref, stage=command[2], reason=command[3], reason_code="duplicate"
        )
    elif name == "read":
        commands.read_protected(sup, ref, reason=command[2])
    elif name == "shred":
        commands.shred_case(admin, ref, reason="erasure requested")
    elif name == "accused":
        commands.add_accused(crew["police"], ref, relation=command[2])
    elif name == "charge":
        commands.record_charge(crew["police"], ref, accused_number=command[2], offence=command[3])
    elif name == "hearing":
        commands.record_hearing(crew["pros"], ref, on=command[2])
    elif name == "verdict":
        commands.record_verdict(crew["pros"], ref, outcome=command[2])
    elif name == "date":
        commands.correct_date(sup, ref, seq=command[2], on=command[3], reason="record checked")
    elif name == "custody":
        commands.record_custody(
            crew["police"], ref, number=command[2], custody=command[3], basis=command[4]
        )


@pytest.mark.django_db
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(program=programs)
def test_rebuilding_from_events_gives_exactly_the_stored_projection(crew, program):
    SEQUENCES_RUN["count"] += 1
    refs: list[str] = []
    for command in program:
        events_before = Event.objects.count()
        cases_before = Case.objects.count()
        try:
            _run(crew, refs, command)
        except (commands.CommandRefused, PermissionDenied, KeyUnavailable):
            assert Event.objects.count() == events_before, (
                f"refused {command[0]} left an event behind"
            )
            assert Case.objects.count() == cases_before
    for ref in refs:
        assert state_of(Case.objects.get(ref=ref)) == rebuild(ref)


def test_the_replay_property_ran_at_least_200_command_sequences():
    if SEQUENCES_RUN["count"] == 0:
        pytest.skip("the replay property test was not selected in this run")
    assert SEQUENCES_RUN["count"] >= 200
