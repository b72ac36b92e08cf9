"""Every change to a case goes through a command: validated, permitted, atomic."""

from __future__ import annotations

import pytest
from django.db import connection

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.models import Case, CaseKey
from nigraan.cases.projection import rebuild, state_of
from nigraan.ledger.models import Event

KASUR, LAHORE, PUNJAB = "PK614", "PK617", "PK6"


@pytest.fixture
def people(geography, make_staff):
    return {
        "op": make_staff("op.kasur", "helpline_operator", district=KASUR),
        "cw": make_staff("cw.kasur", "case_worker", district=KASUR),
        "sup": make_staff("sup.kasur", "supervisor", district=KASUR),
        "cw_lahore": make_staff("cw.lahore", "case_worker", district=LAHORE),
        "admin": make_staff("admin", "administrator", country=True),
        "oversight": make_staff("oversight.punjab", "oversight", province=PUNJAB),
    }


def _open(people, **extra):
    values = {
        "channel": "helpline",
        "category": "sexual_abuse",
        "district_code": KASUR,
        "victim_age_band": "10-14",
        "victim_gender": "female",
        "protected": {"victim_name": "Demo Child One", "narrative": "Synthetic account."},
    }
    values.update(extra)
    return commands.open_case(people["op"], **values)


def test_opening_a_case_appends_one_event_and_writes_the_projection(people, fixed_clock):
    case = _open(people)
    events = list(Event.objects.filter(case_ref=case.ref))
    assert [e.kind for e in events] == ["case.opened"]
    assert events[0].actor == "op.kasur"
    assert events[0].occurred_at == fixed_clock.current
    assert case.district_id == KASUR and case.province_id == PUNJAB
    assert case.stage == "received" and case.is_open
    assert state_of(Case.objects.get(ref=case.ref)) == rebuild(case.ref)


def test_unknown_district_is_refused_and_leaves_nothing_behind(people):
    with pytest.raises(commands.CommandRefused, match="Unknown district"):
        _open(people, district_code="PK999")
    assert Case.objects.count() == 0 and Event.objects.count() == 0 and CaseKey.objects.count() == 0


def test_unknown_category_is_refused_whole(people):
    with pytest.raises(commands.CommandRefused):
        _open(people, category="burglary")
    assert Event.objects.count() == 0


def test_a_failure_after_the_event_rolls_back_event_and_projection(people, monkeypatch):
    """If anything fails after the event is appended, the event goes too."""
    from nigraan.cases import crypto

    def broken_wrap(ref: str, key: bytes) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(crypto, "wrap_data_key", broken_wrap)
    with pytest.raises(RuntimeError):
        _open(people)
    assert Case.objects.count() == 0 and Event.objects.count() == 0


def test_staff_outside_the_district_cannot_open_a_case_there(people):
    with pytest.raises(PermissionDenied):
        commands.open_case(
            people["cw_lahore"], channel="staff", category="other", district_code=KASUR
        )
    assert Event.objects.count() == 0


def test_assigning_records_the_owner_and_moves_the_stage(people):
    case = _open(people)
    case = commands.assign_case(
        people["sup"], case.ref, owner_username="cw.kasur", reason="on duty"
    )
    assert case.owner == people["cw"] and case.stage == "assigned"
    assert state_of(case) == rebuild(case.ref)


def test_a_case_cannot_be_assigned_to_someone_from_another_district(people):
    case = _open(people)
    with pytest.raises(commands.CommandRefused, match="area"):
        commands.assign_case(people["sup"], case.ref, owner_username="cw.lahore")


def test_a_helpline_operator_cannot_assign(people):
    case = _open(people)
    with pytest.raises(PermissionDenied):
        commands.assign_case(people["op"], case.ref, owner_username="cw.kasur")


def test_correcting_a_field_needs_a_reason_and_keeps_the_old_value_in_the_ledger(people):
    case = _open(people)
    with pytest.raises(commands.CommandRefused, match="reason"):
        commands.correct_field(
            people["cw"], case.ref, field="victim_age_band", value="5-9", reason=""
        )
    case = commands.correct_field(
        people["cw"],
        case.ref,
        field="victim_age_band",
        value="5-9",
        reason="birth certificate seen",
    )
    assert case.victim_age_band == "5-9"
    kinds = list(
        Event.objects.filter(case_ref=case.ref).order_by("seq").values_list("kind", flat=True)
    )
    assert kinds == ["case.opened", "case.field_corrected"]
    assert '"victim_age_band":"10-14"' in Event.objects.get(case_ref=case.ref, seq=1).leaf


def test_closing_needs_a_reason_and_a_closed_case_takes_no_more_stages(people):
    case = _open(people)
    with pytest.raises(commands.CommandRefused):
        commands.record_stage(people["sup"], case.ref, stage="closed", reason=" ")
    commands.record_stage(
        people["sup"],
        case.ref,
        stage="closed",
        reason="referred to another province",
        reason_code="referred_elsewhere",
    )
    with pytest.raises(commands.CommandRefused, match="closed"):
        commands.record_stage(people["sup"], case.ref, stage="trial")
    assert not Case.objects.get(ref=case.ref).is_open


def test_notes_are_sealed_in_the_ledger_and_readable_only_through_an_authorised_read(people):
    case = _open(people)
    commands.add_note(people["cw"], case.ref, text="Spoke to Demo Parent Two by phone.")
    leaf = Event.objects.get(case_ref=case.ref, kind="case.note_added").leaf
    assert "Demo Parent Two" not in leaf and "enc1:" in leaf
    read = commands.read_protected(people["cw"], case.ref, reason="preparing the home visit")
    assert "Spoke to Demo Parent Two by phone." in read.notes.values()


def test_script_in_text_is_stored_as_text_not_interpreted(people):
    case = _open(people, protected={"narrative": "<script>alert(1)</script>"})
    read = commands.read_protected(people["cw"], case.ref, reason="triage")
    assert read.fields["narrative"] == "<script>alert(1)</script>"


def test_overlong_text_is_refused_whole(people):
    with pytest.raises(commands.CommandRefused, match="too long"):
        _open(people, protected={"narrative": "x" * (commands.MAX_PROTECTED_CHARS + 1)})
    assert Event.objects.count() == 0


def test_events_come_from_the_injected_clock(people, fixed_clock):
    case = _open(people)
    fixed_clock.advance(hours=5)
    commands.add_note(people["cw"], case.ref, text="later")
    times = list(
        Event.objects.filter(case_ref=case.ref)
        .order_by("seq")
        .values_list("occurred_at", flat=True)
    )
    assert (times[1] - times[0]).total_seconds() == 5 * 3600


def test_case_rows_hold_only_ciphertext_for_protected_fields(people):
    case = _open(people)
    with connection.cursor() as cursor:
        cursor.execute("SELECT protected FROM cases_case WHERE ref = %s", [case.ref])
        raw = cursor.fetchone()[0]
    assert "Demo Child One" not in str(raw) and "enc1:" in str(raw)


def test_closing_needs_a_reason_code_and_a_case_closed_without_fir_is_flagged(people):
    case = _open(people)
    with pytest.raises(commands.CommandRefused, match="Choose why"):
        commands.record_stage(
            people["sup"], case.ref, stage="closed", reason="done", reason_code="bored"
        )
    with pytest.raises(PermissionDenied):
        commands.record_stage(
            people["cw"], case.ref, stage="closed", reason="done", reason_code="duplicate"
        )
    closed = commands.record_stage(
        people["sup"], case.ref, stage="closed", reason="dup of another", reason_code="duplicate"
    )
    assert closed.flagged_for_oversight


def test_charges_are_recorded_by_stable_offence_code(people, make_staff):
    police = make_staff("police.kasur", "police_liaison", district="PK614")
    case = _open(people)
    commands.add_accused(police, case.ref, relation="neighbour")
    case = commands.record_charge(police, case.ref, accused_number=1, offence="PK.PPC.376.3")
    assert case.charges == [{"accused": 1, "offence": "PK.PPC.376.3"}]
    with pytest.raises(commands.CommandRefused, match="Unknown offence"):
        commands.record_charge(police, case.ref, accused_number=1, offence="PK.PPC.999")
    assert state_of(Case.objects.get(ref=case.ref)) == rebuild(case.ref)
