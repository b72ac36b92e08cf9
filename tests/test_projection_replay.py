"""Property: for any sequence of commands, rebuilding each case from its events gives exactly the
stored projection, and a refused command leaves no trace."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.crypto import KeyUnavailable
from nigraan.cases.models import Case
from nigraan.cases.projection import rebuild, state_of
from nigraan.cases.projection_check import check_cases
from nigraan.cases.vocabulary import AgeBand, Category, Gender, Stage
from nigraan.ledger.models import Event
from nigraan.ledger.verify import verify_ledger
from nigraan.testing.database import rolled_back
from personas import Personas

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
    st.tuples(st.just("legal_basis"), st.integers(0, 20), st.sampled_from(["", "CrPC s. 94"])),
    st.tuples(
        st.just("close_request"),
        st.integers(0, 20),
        st.sampled_from(["duplicate", "withdrawn_by_complainant", "no_contact", "bored"]),
        st.sampled_from(["", "same as another"]),
    ),
    st.tuples(
        st.just("close_decide"),
        st.integers(0, 20),
        st.sampled_from(["dco", "sup.punjab"]),
        st.booleans(),
        st.sampled_from(["", "check first"]),
    ),
    st.tuples(st.just("place"), st.integers(0, 20), st.sampled_from(DISTRICTS + [""])),
)
programs = st.lists(st.one_of(open_cmd, case_cmd), min_size=1, max_size=12)


def _open(crew: Personas, refs: list[str], command: tuple) -> None:
    _, district, category, age, gender, protected = command
    case = commands.open_case(
        crew["sup.punjab"],
        channel="staff",
        category=category,
        district_code=district,
        province_code="PK6",
        victim_age_band=age,
        victim_gender=gender,
        protected=protected,
    )
    refs.append(case.ref)


def _shred(crew: Personas, ref: str) -> object:
    """Erasure by two administrators: one asks (unless a request waits), the other approves."""
    if commands.pending_shred(ref) is None:
        commands.request_shred(crew["admin2"], ref, reason="erasure requested")
    return commands.shred_case(crew["admin"], ref, reason="erasure approved")


# What each command does to the case it names (sup: Punjab's supervisor; police and prosecutor
# of Punjab; the national administrator for erasure).
CASE_COMMANDS: dict[str, Callable[[Personas, str, tuple], object]] = {
    "assign": lambda c, ref, a: commands.assign_case(
        c["sup.punjab"], ref, owner_username=a[2], reason=""
    ),
    "note": lambda c, ref, a: commands.add_note(c["sup.punjab"], ref, text=a[2]),
    "correct": lambda c, ref, a: commands.correct_field(
        c["sup.punjab"], ref, field=a[2], value=a[3], reason=a[4]
    ),
    "stage": lambda c, ref, a: commands.record_stage(
        c["sup.punjab"], ref, stage=a[2], reason=a[3], reason_code="no_contact"
    ),
    "read": lambda c, ref, a: commands.read_protected(c["sup.punjab"], ref, reason=a[2]),
    "shred": lambda c, ref, a: _shred(c, ref),
    "accused": lambda c, ref, a: commands.add_accused(c["police.punjab"], ref, relation=a[2]),
    "charge": lambda c, ref, a: commands.record_charge(
        c["police.punjab"], ref, accused_number=a[2], offence=a[3]
    ),
    "hearing": lambda c, ref, a: commands.record_hearing(c["pros.punjab"], ref, on=a[2]),
    "verdict": lambda c, ref, a: commands.record_verdict(c["pros.punjab"], ref, outcome=a[2]),
    "date": lambda c, ref, a: commands.correct_date(
        c["sup.punjab"], ref, seq=a[2], on=a[3], reason="record checked"
    ),
    "legal_basis": lambda c, ref, a: commands.record_legal_basis(c["sup.punjab"], ref, basis=a[2]),
    "close_request": lambda c, ref, a: commands.request_closure(
        c["sup.punjab"], ref, reason_code=a[2], reason=a[3]
    ),
    "close_decide": lambda c, ref, a: commands.decide_closure(
        c[a[2]], ref, approve=a[3], reason=a[4]
    ),
    "place": lambda c, ref, a: commands.place_case(
        c["sup.punjab"], ref, district_code=a[2], reason="place read"
    ),
    "custody": lambda c, ref, a: commands.record_custody(
        c["police.punjab"], ref, number=a[2], custody=a[3], basis=a[4]
    ),
}


def _run(crew: Personas, refs: list[str], command: tuple) -> None:
    if command[0] == "open":
        _open(crew, refs, command)
    elif refs:
        CASE_COMMANDS[command[0]](crew, refs[command[1] % len(refs)], command)


def _replay(crew: Personas, program: list[tuple]) -> None:
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
    # The projection check (the worker's, and ledger verify's in its own pass over the log,
    # where the cases' events interleave) sees no difference in an honest history.
    assert check_cases(refs).mismatches == []
    report = verify_ledger(projections=True)
    assert report.ok and report.mismatches == [], str(report)
    assert report.projection_cases == len(refs)


@pytest.mark.django_db
def test_rebuilding_from_events_gives_exactly_the_stored_projection(geography):
    sequences = 0

    # Each example starts from the same clean database: its people, cases and events are
    # rolled back before the next (no function-scoped fixture shared between examples).
    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(program=programs)
    def replay_matches_the_projection(program: list[tuple]) -> None:
        nonlocal sequences
        sequences += 1
        with rolled_back():
            crew = Personas().ensure("cw", "cw.lahore", "sup.punjab", "dco", "admin", "admin2")
            _replay(crew, program)

    replay_matches_the_projection()
    assert sequences >= 200, f"only {sequences} command sequences ran"
