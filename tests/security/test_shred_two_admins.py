"""Crypto-shred (issue 11): one administrator could erase a case alone, and the command line took
``--by ADMIN`` on trust. Now one administrator requests, a second approves (each a ledger event,
the shred naming both), and the command line checks each one's password and second factor."""

from __future__ import annotations

import io

import pyotp
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands
from nigraan.cases.models import Case, CaseKey
from nigraan.ledger.models import Event
from nigraan.security.models import SecurityEvent, SecurityEventKind
from personas import PASSWORD, Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(geography):
    """The shared cast (tests/personas.py), not the security suite's one-per-role."""
    return Personas()


@pytest.fixture
def case(personas):
    return commands.open_case(
        personas["op"], channel="helpline", category="other", district_code="PK614"
    )


def _shredded(case) -> bool:
    return Case.objects.get(pk=case.pk).is_shredded


def test_one_administrator_alone_cannot_shred(case, personas):
    with pytest.raises(commands.CommandRefused, match="two administrators"):
        commands.shred_case(personas["admin"], case.ref, reason="court order (synthetic)")
    commands.request_shred(personas["admin"], case.ref, reason="court order (synthetic)")
    with pytest.raises(commands.CommandRefused, match="second administrator"):
        commands.shred_case(personas["admin"], case.ref, reason="approving my own")
    assert not _shredded(case) and bytes(CaseKey.objects.get(case=case).wrapped_key)


def test_a_second_administrator_approves_and_both_are_in_the_ledger(case, personas):
    commands.request_shred(personas["admin"], case.ref, reason="court order 7/2026 (synthetic)")
    with pytest.raises(commands.CommandRefused, match="already waiting"):
        commands.request_shred(personas["admin2"], case.ref, reason="again")
    commands.shred_case(personas["admin2"], case.ref, reason="checked the order (synthetic)")
    assert _shredded(case) and bytes(CaseKey.objects.get(case=case).wrapped_key) == b""
    asked = Event.objects.get(case_ref=case.ref, kind="case.shred_requested")
    done = Event.objects.get(case_ref=case.ref, kind="case.shredded")
    assert asked.actor == "admin" and asked.data["reason"] == "court order 7/2026 (synthetic)"
    assert done.actor == "admin2" and done.data["requested_by"] == "admin"


def test_others_may_neither_request_nor_approve(case, personas):
    for who in ("sup", "oversight", "cw"):
        with pytest.raises(PermissionDenied):
            commands.request_shred(personas[who], case.ref, reason="no")
    commands.request_shred(personas["admin"], case.ref, reason="court order (synthetic)")
    with pytest.raises(PermissionDenied):
        commands.shred_case(personas["sup"], case.ref, reason="no")
    assert not _shredded(case)


def _cli(monkeypatch, action: str, ref: str, by: str, *lines: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{line}\n" for line in lines)))
    call_command(
        "case", action, ref, "--by", by, "--reason", "order (synthetic)", "--password-stdin"
    )


def test_the_command_line_checks_the_password_not_just_the_name(case, personas, monkeypatch):
    personas.ensure("admin", "admin2")
    with pytest.raises(CommandError, match="do not match"):
        _cli(monkeypatch, "shred-request", case.ref, "admin", "not the password at all")
    with pytest.raises(CommandError, match="do not match"):
        _cli(monkeypatch, "shred-request", case.ref, "nobody", PASSWORD)
    assert not Event.objects.filter(case_ref=case.ref, kind="case.shred_requested").exists()
    failed = SecurityEvent.objects.filter(kind=SecurityEventKind.LOGIN_FAILED, actor="admin")
    assert failed.get().details == {"channel": "command line"}
    _cli(monkeypatch, "shred-request", case.ref, "admin", PASSWORD)
    with pytest.raises(CommandError, match="second administrator"):
        _cli(monkeypatch, "shred", case.ref, "admin", PASSWORD)
    _cli(monkeypatch, "shred", case.ref, "admin2", PASSWORD)
    assert _shredded(case)


def test_the_command_line_asks_for_the_second_factor_when_there_is_one(
    case, personas, monkeypatch, fixed_clock
):
    admin = personas["admin"]
    admin.totp_secret = pyotp.random_base32()
    admin.save(update_fields=["totp_secret"])
    with pytest.raises(CommandError, match="second-factor"):
        _cli(monkeypatch, "shred-request", case.ref, "admin", PASSWORD, "000000")
    code = pyotp.TOTP(admin.totp_secret).at(fixed_clock.current)
    _cli(monkeypatch, "shred-request", case.ref, "admin", PASSWORD, code)
    assert Event.objects.filter(case_ref=case.ref, kind="case.shred_requested").exists()
    kinds = set(SecurityEvent.objects.values_list("kind", flat=True))
    assert SecurityEventKind.SECOND_FACTOR_FAILED in kinds
