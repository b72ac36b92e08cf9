"""Every change to a case goes through a command: validated, permitted, atomic."""

from __future__ import annotations

import pytest
from django.db import connection

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.models import Case, CaseKey
from nigraan.cases.projection import rebuild, state_of
from nigraan.ledger.models import Event
from personas import Personas

KASUR, LAHORE, PUNJAB = "PK614", "PK617", "PK6"


@pytest.fixture
def personas(personas: Personas) -> Personas:
    """Kasur's operator, case worker and supervisor, a Lahore case worker, Punjab's oversight
    and the administrator, all present."""
    return personas.ensure("op", "cw", "sup", "cw.lahore", "admin", "oversight")


def _open(personas, **extra):
    values = {
        "channel": "helpline",
        "category": "sexual_abuse",
        "district_code": KASUR,
        "victim_age_band": "10-14",
        "victim_gender": "female",
        "protected": {"victim_name": "Demo Child One", "narrative": "Synthetic account."},
    }
    values.update(extra)
    return commands.open_case(personas["op"], **values)


def test_opening_a_case_appends_one_event_and_writes_the_projection(personas, fixed_clock):
    case = _open(personas)
    events = list(Event.objects.filter(case_ref=case.ref))
    assert [e.kind for e in events] == ["case.opened"]
    assert events[0].actor == "op.kasur"
    assert events[0].occurred_at == fixed_clock.current
    assert case.district_id == KASUR and case.province_id == PUNJAB
    assert case.stage == "received" and case.is_open
    assert state_of(Case.objects.get(ref=case.ref)) == rebuild(case.ref)


def test_unknown_district_is_refused_and_leaves_nothing_behind(personas):
    with pytest.raises(commands.CommandRefused, match="Unknown district"):
        _open(personas, district_code="PK999")
    assert Case.objects.count() == 0 and Event.objects.count() == 0 and CaseKey.objects.count() == 0


def test_unknown_category_is_refused_whole(personas):
    with pytest.raises(commands.CommandRefused):
        _open(personas, category="burglary")
    assert Event.objects.count() == 0


def test_a_failure_after_the_event_rolls_back_event_and_projection(personas, monkeypatch):
    """If anything fails after the event is appended, the event goes too."""
    from nigraan.cases import crypto

    def broken_wrap(ref: str, key: bytes) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(crypto, "wrap_data_key", broken_wrap)
    with pytest.raises(RuntimeError):
        _open(personas)
    assert Case.objects.count() == 0 and Event.objects.count() == 0


def test_staff_outside_the_district_cannot_open_a_case_there(personas):
    with pytest.raises(PermissionDenied):
        commands.open_case(
            personas["cw.lahore"], channel="staff", category="other", district_code=KASUR
        )
    assert Event.objects.count() == 0


def test_assigning_records_the_owner_and_moves_the_stage(personas):
    case = _open(personas)
    case = commands.assign_case(
        personas["sup"], case.ref, owner_username="cw.kasur", reason="on duty"
    )
    assert case.owner == personas["cw"] and case.stage == "assigned"
    assert state_of(case) == rebuild(case.ref)


def test_a_case_cannot_be_assigned_to_someone_from_another_district(personas):
    case = _open(personas)
    with pytest.raises(commands.CommandRefused, match="area"):
        commands.assign_case(personas["sup"], case.ref, owner_username="cw.lahore")


def test_a_helpline_operator_cannot_assign(personas):
    case = _open(personas)
    with pytest.raises(PermissionDenied):
        commands.assign_case(personas["op"], case.ref, owner_username="cw.kasur")


def test_correcting_a_field_needs_a_reason_and_keeps_the_old_value_in_the_ledger(personas):
    case = _open(personas)
    with pytest.raises(commands.CommandRefused, match="reason"):
        commands.correct_field(
            personas["cw"], case.ref, field="victim_age_band", value="5-9", reason=""
        )
    case = commands.correct_field(
        personas["cw"],
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


def test_closing_needs_a_reason_and_a_closed_case_takes_no_more_stages(personas):
    case = _open(personas)
    with pytest.raises(commands.CommandRefused):
        commands.record_stage(personas["sup"], case.ref, stage="closed", reason=" ")
    commands.record_stage(
        personas["sup"],
        case.ref,
        stage="closed",
        reason="referred to another province",
        reason_code="referred_elsewhere",
    )
    with pytest.raises(commands.CommandRefused, match="closed"):
        commands.record_stage(personas["sup"], case.ref, stage="trial")
    assert not Case.objects.get(ref=case.ref).is_open


def test_notes_are_sealed_in_the_ledger_and_readable_only_through_an_authorised_read(personas):
    case = _open(personas)
    commands.add_note(personas["cw"], case.ref, text="Spoke to Demo Parent Two by phone.")
    leaf = Event.objects.get(case_ref=case.ref, kind="case.note_added").leaf
    assert "Demo Parent Two" not in leaf and "enc1:" in leaf
    read = commands.read_protected(personas["cw"], case.ref, reason="preparing the home visit")
    assert "Spoke to Demo Parent Two by phone." in read.notes.values()


def test_script_in_text_is_stored_as_text_not_interpreted(personas):
    case = _open(personas, protected={"narrative": "<script>alert(1)</script>"})
    read = commands.read_protected(personas["cw"], case.ref, reason="triage")
    assert read.fields["narrative"] == "<script>alert(1)</script>"


def test_overlong_text_is_refused_whole(personas):
    with pytest.raises(commands.CommandRefused, match="too long"):
        _open(personas, protected={"narrative": "x" * (commands.MAX_PROTECTED_CHARS + 1)})
    assert Event.objects.count() == 0


def test_events_come_from_the_injected_clock(personas, fixed_clock):
    case = _open(personas)
    fixed_clock.advance(hours=5)
    commands.add_note(personas["cw"], case.ref, text="later")
    times = list(
        Event.objects.filter(case_ref=case.ref)
        .order_by("seq")
        .values_list("occurred_at", flat=True)
    )
    assert (times[1] - times[0]).total_seconds() == 5 * 3600


def test_case_rows_hold_only_ciphertext_for_protected_fields(personas):
    case = _open(personas)
    with connection.cursor() as cursor:
        cursor.execute("SELECT protected FROM cases_case WHERE ref = %s", [case.ref])
        raw = cursor.fetchone()[0]
    assert "Demo Child One" not in str(raw) and "enc1:" in str(raw)


def test_closing_needs_a_reason_code_and_a_case_closed_without_fir_is_flagged(personas):
    case = _open(personas)
    with pytest.raises(commands.CommandRefused, match="Choose why"):
        commands.record_stage(
            personas["sup"], case.ref, stage="closed", reason="done", reason_code="bored"
        )
    with pytest.raises(PermissionDenied):
        commands.record_stage(
            personas["cw"], case.ref, stage="closed", reason="done", reason_code="duplicate"
        )
    with pytest.raises(commands.CommandRefused, match="second person"):
        commands.record_stage(
            personas["sup"], case.ref, stage="closed", reason="dup", reason_code="duplicate"
        )
    closed = commands.record_stage(
        personas["sup"], case.ref, stage="closed", reason="inquiry", reason_code="not_an_offence"
    )
    assert closed.flagged_for_oversight


def test_charges_are_recorded_by_stable_offence_code(personas, make_staff):
    police = make_staff("police.kasur", "police_liaison", district="PK614")
    case = _open(personas)
    commands.add_accused(police, case.ref, relation="neighbour")
    case = commands.record_charge(police, case.ref, accused_number=1, offence="PK.PPC.376.3")
    assert case.charges == [{"accused": 1, "offence": "PK.PPC.376.3"}]
    with pytest.raises(commands.CommandRefused, match="Unknown offence"):
        commands.record_charge(police, case.ref, accused_number=1, offence="PK.PPC.999")
    assert state_of(Case.objects.get(ref=case.ref)) == rebuild(case.ref)
