"""Deadlines come from the rules files; missed ones escalate up the chain by themselves, exactly
once per level; met ones never do."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nigraan import clock
from nigraan.cases import commands, rules
from nigraan.cases.models import Deadline
from nigraan.cases.projection_check import check_cases
from nigraan.cases.sweep import sweep
from nigraan.ledger.models import Event
from nigraan.testing.database import rolled_back
from personas import Personas

pytestmark = pytest.mark.django_db
CHAIN = ["supervisor", "district_officer", "oversight"]
START = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def fresh_rules():
    rules.current_rules.cache_clear()
    yield
    rules.current_rules.cache_clear()


@pytest.fixture
def personas(personas: Personas) -> Personas:
    """Kasur's operator, supervisor, case worker and police: escalations notify whoever exists."""
    return personas.ensure("op", "sup", "cw", "police")


def _escalations(ref: str) -> list[dict]:
    return [
        e.data
        for e in Event.objects.filter(case_ref=ref, kind="case.deadline_escalated").order_by("seq")
    ]


def test_every_rules_file_validates():
    loaded = rules.load_rules()
    assert loaded.chain == tuple(CHAIN)
    assert {r.id for r in loaded.deadlines} >= {
        "triage_new_report",
        "missing_child_fir",
        "interim_challan",
        "rape_trial",
    }
    for rule in loaded.deadlines:
        assert rule.source and rule.certainty in rules.CERTAINTIES


def test_a_missing_child_whose_fir_is_refused_escalates_to_provincial_oversight(
    personas, fixed_clock
):
    case = commands.open_case(
        personas["op"], channel="helpline", category="missing_child", district_code="PK614"
    )
    fixed_clock.advance(minutes=30)
    commands.record_stage(
        personas["police"], case.ref, stage="fir_refused", reason="SHO declined (synthetic)"
    )
    fixed_clock.advance(
        hours=1, minutes=31
    )  # 2 h 1 min after the report: the FIR deadline is missed
    assert sweep() >= 1
    fir = [e for e in _escalations(case.ref) if e["deadline"] == "missing_child_fir"]
    assert [(e["level"], e["to"]) for e in fir] == [(1, "supervisor")]
    assert sweep() == 0  # nothing new is due: no double escalation
    fixed_clock.advance(hours=2)
    sweep()
    fixed_clock.advance(hours=2)
    sweep()
    fir = [e for e in _escalations(case.ref) if e["deadline"] == "missing_child_fir"]
    assert [(e["level"], e["to"]) for e in fir] == [
        (1, "supervisor"),
        (2, "district_officer"),
        (3, "oversight"),
    ]
    fixed_clock.advance(days=30)
    sweep()
    assert (
        len([e for e in _escalations(case.ref) if e["deadline"] == "missing_child_fir"]) == 3
    )  # top of the chain


def test_a_deadline_met_in_time_never_escalates(personas, fixed_clock):
    case = commands.open_case(
        personas["op"], channel="helpline", category="missing_child", district_code="PK614"
    )
    fixed_clock.advance(minutes=50)
    commands.record_stage(personas["sup"], case.ref, stage="triaged")
    commands.assign_case(personas["sup"], case.ref, owner_username="cw.kasur")
    commands.record_stage(personas["police"], case.ref, stage="fir_registered")
    commands.record_police_contact(personas["police"], case.ref, how="visit")
    fixed_clock.advance(days=3)
    sweep()
    assert [e["deadline"] for e in _escalations(case.ref)] == []
    assert Deadline.objects.get(case=case, rule_id="missing_child_fir").met_at is not None
    contact = Deadline.objects.get(case=case, rule_id="missing_child_police_contact")
    assert contact.met_at is not None
    assert Deadline.objects.get(case=case, rule_id="interim_challan").met_at is None


def test_the_sweep_command_honours_now_only_when_allowed(personas, fixed_clock, capsys, settings):
    commands.open_case(personas["op"], channel="helpline", category="other", district_code="PK614")
    later = (fixed_clock.current + dt.timedelta(hours=4)).isoformat()
    settings.NIGRAAN_ALLOW_CLOCK_OVERRIDE = False
    with pytest.raises(CommandError, match="NIGRAAN_ALLOW_CLOCK_OVERRIDE"):
        call_command("deadlines", "sweep", "--now", later)
    settings.NIGRAAN_ALLOW_CLOCK_OVERRIDE = True
    call_command("deadlines", "sweep", "--now", later)
    assert "escalated 1 deadline" in capsys.readouterr().out
    escalation = Event.objects.get(kind="case.deadline_escalated")
    assert escalation.occurred_at.isoformat() == dt.datetime.fromisoformat(later).isoformat()


def test_changing_a_deadline_in_a_rules_file_changes_behaviour_with_no_code_change(
    personas, fixed_clock, rules_copy, settings
):
    text = (
        (rules_copy / "deadlines.yaml")
        .read_text()
        .replace("within: {hours: 3}", "within: {hours: 10}", 1)
    )
    (rules_copy / "deadlines.yaml").write_text(text)
    settings.NIGRAAN_RULES_DIR = str(rules_copy)
    rules.current_rules.cache_clear()
    case = commands.open_case(
        personas["op"], channel="helpline", category="other", district_code="PK614"
    )
    fixed_clock.advance(hours=4)
    assert sweep() == 0  # under the default rules this would have escalated after 3 hours
    fixed_clock.advance(hours=7)
    assert sweep() == 1 and _escalations(case.ref)[0]["deadline"] == "triage_new_report"


def test_a_provincial_override_applies_only_there(
    personas, fixed_clock, rules_copy, settings, make_staff
):
    (rules_copy / "PK6.yaml").write_text(
        "version: 1\njurisdiction: PK6\noverrides:\n  triage_new_report:\n    within: {hours: 1}\n"
        "    source: test override\n    certainty: practice\n"
    )
    settings.NIGRAAN_RULES_DIR = str(rules_copy)
    rules.current_rules.cache_clear()
    punjab = commands.open_case(
        personas["op"], channel="helpline", category="other", district_code="PK614"
    )
    sindh_op = make_staff("op.karachi", "helpline_operator", district="PK702")
    sindh = commands.open_case(
        sindh_op, channel="helpline", category="other", district_code="PK702"
    )
    fixed_clock.advance(hours=2)
    sweep()
    assert [e["deadline"] for e in _escalations(punjab.ref)] == ["triage_new_report"]
    assert _escalations(sindh.ref) == []


@pytest.mark.parametrize(
    "change,message",
    [
        (("certainty: practice", "certainty: rumour"), "certainty must be one of"),
        (("within: {hours: 3}", "within: {weeks: 3}"), "a duration is like"),
        (("starts_at: [received]", "starts_at: [nowhere]"), "unknown stages"),
        (('    source: "Primero', '    sauce: "Primero'), "missing ['source']"),
    ],
)
def test_a_broken_rules_file_is_refused_naming_the_rule(rules_copy, change, message):
    text = (rules_copy / "deadlines.yaml").read_text()
    assert change[0] in text
    (rules_copy / "deadlines.yaml").write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(rules.RulesInvalid) as error:
        rules.load_rules(rules_copy)
    assert message in str(error.value) and "deadlines.yaml" in str(error.value)


# ---- property: random histories and clock jumps --------------------------------------------

STAGE_STEPS = [
    "triaged",
    "assigned",
    "medical_examination",
    "fir_registered",
    "fir_refused",
    "investigation",
    "challan_submitted",
    "trial",
    "verdict",
]
history = st.lists(
    st.one_of(
        st.tuples(
            st.just("open"),
            st.sampled_from(["missing_child", "sexual_abuse", "other"]),
            st.booleans(),
        ),
        st.tuples(st.just("stage"), st.integers(0, 5), st.sampled_from(STAGE_STEPS)),
        st.tuples(st.just("accused"), st.integers(0, 5)),
        st.tuples(
            st.just("custody"),
            st.integers(0, 5),
            st.integers(1, 2),
            st.sampled_from(
                ["arrested", "physical_remand", "judicial_remand", "bailed", "absconding"]
            ),
        ),
        st.tuples(st.just("wait"), st.integers(1, 60 * 24 * 5)),  # minutes
        st.tuples(st.just("sweep")),
    ),
    min_size=1,
    max_size=25,
)


def _play(personas: Personas, fixed_clock: clock.FixedClock, steps: list[tuple]) -> list[str]:
    """Run a random history of reports, stage moves, accused people, custody changes, waits
    and sweeps; refused commands are part of the history. Returns the cases opened."""
    refs: list[str] = []
    for step in steps:
        if step[0] == "open":
            case = commands.open_case(
                personas["op"],
                channel="helpline",
                category=step[1],
                district_code="PK614",
                report={"in_danger_now": step[2]},
            )
            refs.append(case.ref)
        elif step[0] in ("stage", "accused", "custody") and refs:
            _act(personas, refs[step[1] % len(refs)], step)
        elif step[0] == "wait":
            fixed_clock.advance(minutes=step[1])
        elif step[0] == "sweep":
            sweep()
    return refs


def _act(personas: Personas, ref: str, step: tuple) -> None:
    with contextlib.suppress(commands.CommandRefused):
        if step[0] == "stage":
            commands.record_stage(personas["sup"], ref, stage=step[2])
        elif step[0] == "accused":
            commands.add_accused(personas["police"], ref, relation="stranger")
        else:
            commands.record_custody(
                personas["police"], ref, number=step[2], custody=step[3], basis="synthetic"
            )


def _check_escalations(ref: str, end: dt.datetime) -> None:
    """Each deadline: levels 1..n in order, none before due, none after met, none if met in
    time, and every level whose time has come escalated."""
    events = list(
        Event.objects.filter(case_ref=ref, kind="case.deadline_escalated").order_by("seq")
    )
    for deadline in Deadline.objects.filter(case__ref=ref):
        mine = [
            e
            for e in events
            if e.data["deadline"] == deadline.rule_id
            and e.data.get("accused", "") == deadline.subject
        ]
        levels = [e.data["level"] for e in mine]
        assert levels == list(range(1, len(levels) + 1)), f"{deadline.rule_id}: levels {levels}"
        thresholds = [deadline.due_at + deadline.escalate_every * k for k in range(len(CHAIN))]
        for event, threshold in zip(mine, thresholds, strict=False):
            assert event.occurred_at >= threshold, "escalated before it was due"
            if deadline.met_at is not None:
                assert event.occurred_at <= deadline.met_at, "escalated after it was met"
        if deadline.met_at is not None and deadline.met_at <= deadline.due_at:
            assert levels == [], "a deadline met in time was escalated"
        if deadline.met_at is None and not deadline.stopped:
            assert len(levels) == sum(1 for t in thresholds if t <= end), (
                "a missed level was not escalated"
            )


def test_every_missed_deadline_escalates_exactly_once_per_level_and_met_ones_never(geography):
    examples = 0

    # Each example starts from the same clean database and clock: no function-scoped fixture
    # carries one example's cases into the next.
    @settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=history)
    def escalations_follow_the_rules(steps: list[tuple]) -> None:
        nonlocal examples
        examples += 1
        with rolled_back(), clock.frozen_at(START) as fixed_clock:
            refs = _play(Personas().ensure("op", "sup", "cw", "police"), fixed_clock, steps)
            sweep()
            for ref in refs:
                _check_escalations(ref, fixed_clock.current)
            # Honest histories never raise the projection check (deadlines and levels included).
            assert check_cases(None).mismatches == []

    escalations_follow_the_rules()
    assert examples >= 50


def test_overdue_work_is_the_first_thing_on_the_case_list(client, personas, fixed_clock):
    case = commands.open_case(
        personas["op"], channel="helpline", category="other", district_code="PK614"
    )
    client.force_login(personas["cw"])
    assert 'id="overdue-list"' not in client.get("/en/staff/").content.decode()
    fixed_clock.advance(hours=4)
    sweep()
    page = client.get("/en/staff/").content.decode()
    assert page.index('id="overdue-list"') < page.index('id="case-list"')
    overdue = page[
        page.index('id="overdue-list"') : page.index("</section>", page.index('id="overdue-list"'))
    ]
    assert (
        case.ref in overdue and "A new report is triaged" in overdue and "escalated 1×" in overdue
    )


def test_offence_and_closure_lists_validate():
    from nigraan.cases.offences import closure_reasons, offences

    codes = offences()
    assert {"PK.PPC.376", "PK.PPC.376.3", "PK.PPC.377A", "PK.PPC.364A"} <= set(codes)
    assert all(code.startswith("PK.") for code in codes)
    assert {"proceedings_concluded", "compromise", "child_found_safe"} <= set(closure_reasons())


def test_each_escalation_level_is_told(personas, fixed_clock, make_staff):
    from nigraan.notify.models import StaffNotice

    dcpo = make_staff("dcpo.kasur", "district_officer", district="PK614")
    punjab = make_staff("oversight.punjab", "oversight", province="PK6")
    make_staff("oversight.sindh", "oversight", province="PK7")
    case = commands.open_case(
        personas["op"], channel="helpline", category="missing_child", district_code="PK614"
    )
    for _ in range(3):
        fixed_clock.advance(hours=2, minutes=1)
        sweep()
    told = {
        (n.staff.username, n.case_id) for n in StaffNotice.objects.filter(kind="deadline_escalated")
    }
    assert (
        ("sup.kasur", case.id) in told
        and (dcpo.username, case.id) in told
        and (punjab.username, case.id) in told
    )
    assert not any(username == "oversight.sindh" for username, _ in told)
