"""The pipeline as rules, the custody and court clocks, outcomes, and deadlines that move when
the facts they count from are corrected."""

from __future__ import annotations

import datetime as dt

import pytest

from nigraan.cases import commands, pipeline, rules
from nigraan.cases.models import Case, Deadline
from nigraan.cases.sweep import sweep
from nigraan.ledger.models import Event
from nigraan.notify.models import StaffNotice
from personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rules():
    rules.current_rules.cache_clear()
    pipeline.current_pipeline.cache_clear()
    yield
    rules.current_rules.cache_clear()
    pipeline.current_pipeline.cache_clear()


@pytest.fixture
def personas(personas: Personas) -> Personas:
    """Kasur's crew and Punjab's oversight, all present: notices go to whoever exists."""
    return personas.ensure("op", "sup", "cw", "police", "pros", "oversight")


def _open(personas, category="sexual_abuse", district="PK614"):
    return commands.open_case(
        personas["op"], channel="helpline", category=category, district_code=district
    )


def _to_trial(personas, ref, clock):
    for actor, stage in (
        ("sup", "triaged"),
        ("police", "medical_examination"),
        ("police", "fir_registered"),
        ("police", "investigation"),
        ("pros", "challan_submitted"),
        ("pros", "trial"),
    ):
        commands.record_stage(personas[actor], ref, stage=stage)
        clock.advance(hours=1)


def _deadline(ref, rule_id, subject=""):
    return Deadline.objects.get(case__ref=ref, rule_id=rule_id, subject=subject)


def _escalations(ref):
    return [
        e.data
        for e in Event.objects.filter(case_ref=ref, kind="case.deadline_escalated").order_by("seq")
    ]


# ---- the pipeline file --------------------------------------------------------------------


def test_the_pipeline_file_validates_and_describes_every_stage_and_outcome():
    loaded = pipeline.load_pipeline()
    assert "fir_registered" in loaded.next["received"] and "diary_entry" in loaded.next["received"]
    assert loaded.next["trial"] == {"verdict"}
    assert all(loaded.sources.values())
    assert loaded.outcomes["compromise"].flag and not loaded.outcomes["conviction"].flag
    assert loaded.outcomes["acquittal"].custody == "acquitted"


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ("  - code: trial\n    next: [verdict]", "  - code: trial\n    next: [nowhere]"),
            "unknown stages",
        ),
        (
            (
                "  - code: verdict\n    next: [appeal]",
                "  - code: verdict\n    next: [appeal, closed]",
            ),
            "do not list them",
        ),
        (
            (
                "  - code: challan_submitted\n    next: [trial]",
                "  - code: challan_submitted\n    next: []",
            ),
            "no way to reach",
        ),
        (("  - code: compromise\n", "  - code: truce\n"), "unknown outcome"),
        (
            ('    source: "CrPC s. 154: First Information Report"', '    source: ""'),
            "cites its source",
        ),
    ],
)
def test_a_broken_pipeline_file_is_refused_naming_the_file(rules_copy, change, message):
    text = (rules_copy / "pipeline.yaml").read_text()
    assert change[0] in text
    (rules_copy / "pipeline.yaml").write_text(text.replace(change[0], change[1], 1))
    with pytest.raises(rules.RulesInvalid) as error:
        pipeline.load_pipeline(rules_copy)
    assert message in str(error.value) and "pipeline.yaml" in str(error.value)


def test_a_stage_that_may_not_follow_is_refused_saying_what_may(personas, fixed_clock):
    case = _open(personas)
    with pytest.raises(
        commands.CommandRefused, match="cannot move to “Trial”. It can move to: Triaged"
    ):
        commands.record_stage(personas["sup"], case.ref, stage="trial")
    before = Event.objects.filter(case_ref=case.ref).count()
    with pytest.raises(commands.CommandRefused):
        commands.record_stage(personas["police"], case.ref, stage="challan_submitted")
    assert Event.objects.filter(case_ref=case.ref).count() == before  # refused whole
    commands.record_stage(personas["police"], case.ref, stage="fir_refused")
    commands.record_stage(
        personas["police"], case.ref, stage="fir_registered"
    )  # after a court's order (CrPC 22-A)
    stage_event = Event.objects.filter(case_ref=case.ref, kind="case.stage_recorded").last()
    assert (
        stage_event.data["rules"] == pipeline.current_pipeline().stamp
    )  # the rules in force, in the event


def test_a_verdict_is_not_a_bare_stage(personas, fixed_clock):
    case = _open(personas)
    _to_trial(personas, case.ref, fixed_clock)
    with pytest.raises(commands.CommandRefused, match="court form"):
        commands.record_stage(personas["pros"], case.ref, stage="verdict")


def test_a_place_may_change_the_pipeline_by_its_own_file_with_no_code_change(
    personas, fixed_clock, rules_copy, settings
):
    # A province that lets a refused FIR go straight to investigation by its child-protection unit.
    (rules_copy / "PK6.yaml").write_text(
        "version: 1\njurisdiction: PK6\npipeline:\n  next:\n"
        "    fir_refused: [fir_registered, diary_entry, investigation]\n"
    )
    case = _open(personas)
    commands.record_stage(personas["police"], case.ref, stage="fir_refused")
    with pytest.raises(commands.CommandRefused):
        commands.record_stage(personas["police"], case.ref, stage="investigation")
    settings.NIGRAAN_RULES_DIR = str(rules_copy)
    pipeline.current_pipeline.cache_clear()
    rules.current_rules.cache_clear()
    commands.record_stage(personas["police"], case.ref, stage="investigation")
    assert Case.objects.get(ref=case.ref).stage == "investigation"


# ---- outcomes ----------------------------------------------------------------------------


def test_conviction_needs_a_trial_and_sets_custody(personas, fixed_clock):
    case = _open(personas)
    commands.add_accused(personas["police"], case.ref, relation="neighbour")
    with pytest.raises(commands.CommandRefused, match="end of a trial"):
        commands.record_verdict(personas["pros"], case.ref, outcome="conviction")
    _to_trial(personas, case.ref, fixed_clock)
    case = commands.record_verdict(personas["pros"], case.ref, outcome="conviction")
    assert case.stage == "verdict" and case.accused[0]["custody"] == "convicted"
    assert case.court["verdicts"] == [{"outcome": "conviction", "accused": [1], "on": "2026-01-15"}]
    assert not case.flagged_for_oversight
    window = _deadline(case.ref, "appeal_window_high_court")
    assert (
        window.due_at == window.started_at + dt.timedelta(days=60)
        and window.next_escalation_at is None
    )


@pytest.mark.parametrize("outcome", ["compromise", "marriage_to_accused", "withdrawal"])
def test_an_outcome_the_law_does_not_allow_for_rape_is_flagged_and_oversight_told(
    personas, fixed_clock, outcome
):
    case = _open(personas)
    commands.record_stage(personas["police"], case.ref, stage="fir_registered")
    case = commands.record_verdict(personas["pros"], case.ref, outcome=outcome)
    assert case.flagged_for_oversight and case.stage == "fir_registered"
    assert (
        StaffNotice.objects.filter(
            staff=personas["oversight"], case=case, kind="outcome_flagged"
        ).count()
        == 1
    )


def test_an_acquittal_tells_the_reporter_and_starts_the_victims_appeal_window(
    personas, fixed_clock
):
    case = _open(personas)
    commands.add_accused(personas["police"], case.ref, relation="neighbour")
    _to_trial(personas, case.ref, fixed_clock)
    commands.record_verdict(personas["pros"], case.ref, outcome="acquittal")
    told = Event.objects.filter(case_ref=case.ref, kind="case.reply_to_reporter").last()
    assert told.data["notice"] == "acquitted"
    window = _deadline(case.ref, "victim_appeal_window")
    assert window.due_at == window.started_at + dt.timedelta(days=30)
    fixed_clock.advance(days=21)
    sweep()  # 10 days before: the supervisor is told it is coming
    assert (
        StaffNotice.objects.filter(
            case=case, kind="deadline_warning", staff=personas["sup"]
        ).count()
        == 1
    )
    sweep()
    assert StaffNotice.objects.filter(case=case, kind="deadline_warning").count() == 1  # once
    fixed_clock.advance(days=10)
    sweep()
    assert [(e["deadline"], e["level"]) for e in _escalations(case.ref)] == [
        ("victim_appeal_window", 1)
    ]


def test_hearings_are_checked(personas, fixed_clock):
    case = _open(personas)
    with pytest.raises(commands.CommandRefused, match="challan is in court"):
        commands.record_hearing(personas["pros"], case.ref, on="2026-01-15")
    _to_trial(personas, case.ref, fixed_clock)
    with pytest.raises(commands.CommandRefused, match="after this one"):
        commands.record_hearing(personas["pros"], case.ref, on="2026-01-15", next_on="2026-01-10")
    with pytest.raises(commands.CommandRefused, match="future"):
        commands.record_hearing(personas["pros"], case.ref, on="2026-02-15")
    case = commands.record_hearing(
        personas["pros"],
        case.ref,
        on="2026-01-15",
        next_on="2026-02-12",
        court="Special Court (synthetic)",
    )
    assert case.court["hearings"] == [
        {"on": "2026-01-15", "next": "2026-02-12", "court": "Special Court (synthetic)"}
    ]


# ---- custody clocks, one per accused person -----------------------------------------------


def test_each_arrested_person_goes_before_a_magistrate_within_24_hours(personas, fixed_clock):
    case = _open(personas)
    commands.record_stage(personas["police"], case.ref, stage="fir_registered")
    for _ in range(2):
        commands.add_accused(personas["police"], case.ref, relation="stranger")
    commands.record_custody(
        personas["police"], case.ref, number=1, custody="arrested", basis="CrPC s. 54 (synthetic)"
    )
    commands.record_custody(
        personas["police"], case.ref, number=2, custody="arrested", basis="CrPC s. 54 (synthetic)"
    )
    fixed_clock.advance(hours=20)
    commands.record_custody(
        personas["police"],
        case.ref,
        number=1,
        custody="physical_remand",
        basis="Magistrate's order (synthetic)",
    )
    fixed_clock.advance(hours=5)
    sweep()
    magistrate = [
        (e["deadline"], e.get("accused"))
        for e in _escalations(case.ref)
        if e["deadline"] == "before_magistrate"
    ]
    assert magistrate == [
        ("before_magistrate", "2")
    ]  # only the one never brought before a magistrate
    assert _deadline(case.ref, "before_magistrate", "1").met_at is not None


def test_the_statutory_bail_clock_warns_ahead_and_moves_when_a_capital_charge_is_recorded(
    personas, fixed_clock
):
    case = _open(personas)
    commands.record_stage(personas["police"], case.ref, stage="fir_registered")
    commands.add_accused(personas["police"], case.ref, relation="neighbour")
    commands.record_custody(
        personas["police"], case.ref, number=1, custody="arrested", basis="CrPC s. 54 (synthetic)"
    )
    arrested = fixed_clock.current
    commands.record_custody(
        personas["police"],
        case.ref,
        number=1,
        custody="judicial_remand",
        basis="Magistrate (synthetic)",
    )
    commands.record_charge(
        personas["police"], case.ref, accused_number=1, offence="PK.PPC.377A"
    )  # not capital
    bail = _deadline(case.ref, "statutory_bail", "1")
    assert bail.due_at == arrested + dt.timedelta(
        days=365
    ) and bail.warn_at == arrested + dt.timedelta(days=305)
    commands.record_charge(
        personas["police"], case.ref, accused_number=1, offence="PK.PPC.376.3"
    )  # punishable with death
    assert _deadline(case.ref, "statutory_bail", "1").stopped
    capital = _deadline(case.ref, "statutory_bail_capital", "1")
    assert capital.started_at == arrested and capital.due_at == arrested + dt.timedelta(days=730)
    fixed_clock.advance(days=641)
    sweep()
    assert StaffNotice.objects.filter(case=case, kind="deadline_warning").count() == 1
    fixed_clock.advance(days=90)
    sweep()
    assert ("statutory_bail_capital", 1, "1") in [
        (e["deadline"], e["level"], e.get("accused")) for e in _escalations(case.ref)
    ]


def test_bail_stops_the_bail_clock_and_is_told(personas, fixed_clock):
    case = _open(personas)
    commands.record_stage(personas["police"], case.ref, stage="fir_registered")
    commands.add_accused(personas["police"], case.ref, relation="neighbour")
    commands.record_custody(
        personas["police"], case.ref, number=1, custody="arrested", basis="CrPC s. 54 (synthetic)"
    )
    fixed_clock.advance(hours=3)
    commands.record_custody(
        personas["police"], case.ref, number=1, custody="bailed", basis="CrPC s. 497 (synthetic)"
    )
    assert _deadline(case.ref, "statutory_bail", "1").stopped
    assert _deadline(case.ref, "before_magistrate", "1").met_at is not None
    assert (
        StaffNotice.objects.filter(
            case=case, staff=personas["oversight"], kind="accused_released"
        ).count()
        == 1
    )


# ---- corrections move deadlines ------------------------------------------------------------


def test_correcting_the_date_of_the_fir_moves_the_challan_deadline(personas, fixed_clock):
    case = _open(personas)
    fixed_clock.advance(days=3)
    case = commands.record_stage(personas["police"], case.ref, stage="fir_registered")
    fir_seq = case.last_seq
    challan = _deadline(case.ref, "interim_challan")
    assert challan.due_at == fixed_clock.current + dt.timedelta(days=17)
    commands.correct_date(
        personas["cw"], case.ref, seq=fir_seq, on="2026-01-16", reason="FIR copy shows the 16th"
    )
    moved = _deadline(case.ref, "interim_challan")
    fir_day = dt.datetime(2026, 1, 15, 19, 0, tzinfo=dt.UTC)  # 2026-01-16 00:00 in Pakistan
    assert moved.started_at == fir_day and moved.due_at == fir_day + dt.timedelta(days=17)
    with pytest.raises(commands.CommandRefused, match="Only the date"):
        commands.correct_date(
            personas["cw"], case.ref, seq=fir_seq + 1, on="2026-01-16", reason="x"
        )
    with pytest.raises(commands.CommandRefused, match="future"):
        commands.correct_date(personas["cw"], case.ref, seq=fir_seq, on="2027-01-16", reason="typo")


def test_correcting_the_kind_of_incident_starts_the_clocks_it_brings(personas, fixed_clock):
    case = _open(personas, category="other")
    assert not Deadline.objects.filter(case=case, rule_id="missing_child_fir").exists()
    fixed_clock.advance(minutes=30)
    commands.correct_field(
        personas["cw"],
        case.ref,
        field="category",
        value="missing_child",
        reason="the child is missing",
    )
    fir = _deadline(case.ref, "missing_child_fir")
    assert fir.started_at == case.opened_at and fir.due_at == case.opened_at + dt.timedelta(hours=2)
    commands.correct_field(
        personas["cw"], case.ref, field="category", value="other", reason="found: misread"
    )
    assert _deadline(case.ref, "missing_child_fir").stopped


def test_correcting_the_district_applies_that_provinces_rule(
    personas, fixed_clock, rules_copy, settings, make_staff
):
    (rules_copy / "PK7.yaml").write_text(
        "version: 1\njurisdiction: PK7\noverrides:\n  triage_new_report:\n"
        "    within: {hours: 1}\n    source: test override\n    certainty: practice\n"
    )
    settings.NIGRAAN_RULES_DIR = str(rules_copy)
    rules.current_rules.cache_clear()
    case = _open(personas, category="other")
    assert _deadline(case.ref, "triage_new_report").due_at == case.opened_at + dt.timedelta(hours=3)
    admin = make_staff("admin.pk", "supervisor", country=True)
    commands.correct_field(
        admin, case.ref, field="district", value="PK702", reason="Karachi, not Kasur"
    )
    assert _deadline(case.ref, "triage_new_report").due_at == case.opened_at + dt.timedelta(hours=1)


def test_a_place_may_have_its_own_escalation_chain(personas, fixed_clock, rules_copy, settings):
    (rules_copy / "PK6.yaml").write_text(
        "version: 1\njurisdiction: PK6\nescalation:\n  chain: [district_officer, oversight]\n"
    )
    settings.NIGRAAN_RULES_DIR = str(rules_copy)
    rules.current_rules.cache_clear()
    case = _open(personas, category="missing_child")
    for _ in range(4):
        fixed_clock.advance(hours=2, minutes=1)
        sweep()
    fir = [
        (e["level"], e["to"])
        for e in _escalations(case.ref)
        if e["deadline"] == "missing_child_fir"
    ]
    assert fir == [(1, "district_officer"), (2, "oversight")]
