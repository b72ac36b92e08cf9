"""What identifies a person is ciphertext at rest; plaintext only through an authorised, logged
read."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.crypto import KeyUnavailable
from nigraan.cases.models import Case, CaseKey
from nigraan.ledger.models import Event

SECRET_NAME = "Demo Child Zeta"
SECRET_PHONE = "+92 300 0000999"


@pytest.fixture
def case_and_people(geography, make_staff):
    people = {
        "cw": make_staff("cw.kasur", "case_worker", district="PK614"),
        "op": make_staff("op.kasur", "helpline_operator", district="PK614"),
        "oversight": make_staff("oversight.pk", "oversight", country=True),
        "cw_lahore": make_staff("cw.lahore", "case_worker", district="PK617"),
        "admin": make_staff("admin", "administrator", country=True),
        "admin2": make_staff("admin2", "administrator", country=True),
    }
    case = commands.open_case(
        people["op"],
        channel="helpline",
        category="sexual_abuse",
        district_code="PK614",
        protected={"victim_name": SECRET_NAME, "reporter_phone": SECRET_PHONE},
    )
    return case, people


def _raw(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return " ".join(str(row) for row in cursor.fetchall())


def test_the_raw_database_holds_only_ciphertext(case_and_people):
    case, _ = case_and_people
    everything = _raw("SELECT leaf FROM ledger_event WHERE case_ref = %s", [case.ref])
    everything += _raw("SELECT protected FROM cases_case WHERE ref = %s", [case.ref])
    assert SECRET_NAME not in everything and SECRET_PHONE not in everything
    assert "enc1:" in everything
    wrapped = bytes(CaseKey.objects.get(case=case).wrapped_key)
    assert len(wrapped) == 12 + 32 + 16  # nonce + wrapped AES-256 key + tag


def test_an_authorised_read_returns_plaintext_and_is_itself_recorded(case_and_people, fixed_clock):
    case, people = case_and_people
    read = commands.read_protected(people["cw"], case.ref, reason="calling the family back")
    assert read.fields == {"reporter_phone": SECRET_PHONE, "victim_name": SECRET_NAME}
    access = Event.objects.filter(case_ref=case.ref, kind="case.protected_read").get()
    assert access.actor == "cw.kasur"
    assert access.occurred_at == fixed_clock.current
    assert access.data["reason"] == "calling the family back"
    assert access.data["fields"] == ["reporter_phone", "victim_name"]


@pytest.mark.parametrize("who", ["op", "oversight", "cw_lahore", "admin"])
def test_people_without_need_to_know_cannot_read_and_leave_no_read_event(case_and_people, who):
    case, people = case_and_people
    with pytest.raises(PermissionDenied):
        commands.read_protected(people[who], case.ref, reason="curious")
    assert not Event.objects.filter(case_ref=case.ref, kind="case.protected_read").exists()


def test_a_read_without_a_reason_is_refused(case_and_people):
    case, people = case_and_people
    with pytest.raises(commands.CommandRefused):
        commands.read_protected(people["cw"], case.ref, reason="   ")


def test_shredding_makes_protected_fields_unreadable_but_keeps_every_event(case_and_people):
    case, people = case_and_people
    events_before = Event.objects.filter(case_ref=case.ref).count()
    commands.request_shred(people["admin2"], case.ref, reason="court order 12/2026 (synthetic)")
    commands.shred_case(people["admin"], case.ref, reason="court order 12/2026 (synthetic)")
    assert bytes(CaseKey.objects.get(case=case).wrapped_key) == b""
    with pytest.raises(KeyUnavailable):
        commands.read_protected(people["cw"], case.ref, reason="follow-up")
    assert Event.objects.filter(case_ref=case.ref).count() == events_before + 2
    assert Case.objects.get(ref=case.ref).is_shredded


def test_shred_command_line_destroys_the_key_and_the_ledger_still_verifies(
    case_and_people, capsys, monkeypatch
):
    import io

    from nigraan.ledger.sequencer import sequence_and_sign
    from nigraan.ledger.verify import verify_ledger
    from personas import PASSWORD

    case, _ = case_and_people
    sequence_and_sign()
    for action, admin in (("shred-request", "admin2"), ("shred", "admin")):
        monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
        call_command(
            "case",
            action,
            case.ref,
            "--by",
            admin,
            "--reason",
            "erasure (synthetic)",
            "--password-stdin",
        )
    assert "data key destroyed" in capsys.readouterr().out
    sequence_and_sign()
    report = verify_ledger()
    assert report.ok, report


def test_shred_command_refuses_a_person_who_may_not_shred(case_and_people, monkeypatch):
    import io

    from personas import PASSWORD

    case, _ = case_and_people
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    with pytest.raises(CommandError):
        call_command(
            "case",
            "shred-request",
            case.ref,
            "--by",
            "cw.kasur",
            "--reason",
            "no",
            "--password-stdin",
        )
    assert not Case.objects.get(ref=case.ref).is_shredded


def test_a_ciphertext_moved_to_another_case_does_not_decrypt(case_and_people):
    """Sealed values are bound to their case and field, so copying one elsewhere is useless."""
    case, people = case_and_people
    other = commands.open_case(
        people["op"], channel="helpline", category="other", district_code="PK614"
    )
    token = case.protected["victim_name"]
    from nigraan.cases import crypto

    other_key = crypto.unwrap_data_key(
        other.ref, bytes(CaseKey.objects.get(case=other).wrapped_key)
    )
    with pytest.raises(KeyUnavailable):
        crypto.open_sealed(other_key, other.ref, "victim_name", token)
