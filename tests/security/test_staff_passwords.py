"""Staff authentication (issue 11): passwords of at least 15 characters, refused when common
(also disguised) or made of context words, in every path that sets one; a replayed TOTP code is
refused without counting towards the office address's lock."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from nigraan.accounts.models import Staff
from nigraan.security.models import SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
OFFICE = "10.20.30.40"


def _refused(password: str, user: Staff | None = None) -> bool:
    try:
        validate_password(password, user)
    except ValidationError:
        return True
    return False


@pytest.mark.parametrize(
    "password",
    [
        "fourteen chars",  # 14
        "passwordpassword",  # the probe's example: a common password twice
        "Password12345678!",
        "p@ssw0rdp@ssw0rd",
        "correct horse battery staple",
        "qwertyuiopasdfgh",
        "abcdefghijklmnopq",
        "1234567890123456",
        "aaaaaaaaaaaaaaab",
        "nigraan-nigraan-2026",
        "Pakistan Zindabad 1947",
        "Dera Ghazi Khan 12345",
        "lahore-kasur-okara",
    ],
)
def test_weak_staff_passwords_are_refused(geography, password):
    assert _refused(password)


def test_the_persons_own_name_does_not_count_towards_the_length(geography):
    staff = Staff(username="cw1.shahzeb", full_name="Synthetic Shahzeb Person", role="case_worker")
    assert _refused("shahzeb synthetic 42", staff)
    assert not _refused("shahzeb keeps three blue kites", staff)


@pytest.mark.parametrize(
    "password",
    [
        "blue kites over a river",  # 23
        "fifteen letters",  # exactly 15
        "x" * 40 + "four distinct words y z q",
        "Kasur office key is under the green pot",  # a place name among other words
        "A" + "bcdefgh ijk" * 11,  # 122 characters
    ],
)
def test_long_uncommon_passwords_are_accepted(geography, password):
    assert not _refused(password)


def test_createstaff_refuses_a_password_the_probe_got_accepted(geography, settings):
    settings.NIGRAAN_STAFF_PASSWORD = "passwordpassword"
    with pytest.raises(CommandError, match="too common"):
        call_command("createstaff", "cw.probe", "--role", "case_worker", "--district", "PK614")
    settings.NIGRAAN_STAFF_PASSWORD = "twelve chars"
    with pytest.raises(CommandError, match="at least 15"):
        call_command("createstaff", "cw.probe", "--role", "case_worker", "--district", "PK614")
    assert not Staff.objects.filter(username="cw.probe").exists()


def test_the_password_change_command_uses_the_same_rules(geography, make_staff, monkeypatch):
    make_staff("cw.change", "case_worker", district="PK614")
    answers = iter(["passwordpassword", "passwordpassword"] * 3)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(CommandError):
        call_command("changepassword", "cw.change")


def _pending_second_factor(client, staff: Staff, password: str = "correct horse battery staple"):
    response = client.post(
        "/en/accounts/login/",
        {"username": staff.username, "password": password},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 302 and response.url.endswith("/second-factor/")


def test_a_replayed_code_is_refused_but_does_not_lock_the_office(
    client, make_staff, fixed_clock, geography
):
    worker = make_staff("cw.replay", "case_worker", district="PK614")
    worker.totp_secret = pyotp.random_base32()
    worker.save()
    code = pyotp.TOTP(worker.totp_secret).at(fixed_clock.current)
    _pending_second_factor(client, worker)
    assert (
        client.post("/en/accounts/second-factor/", {"code": code}, REMOTE_ADDR=OFFICE).status_code
        == 302
    )
    client.post("/en/accounts/logout/")
    for _ in range(6):  # the same code again and again: a colleague's double submit, or a replay
        _pending_second_factor(client, worker)
        page = client.post("/en/accounts/second-factor/", {"code": code}, REMOTE_ADDR=OFFICE)
        assert page.status_code == 200 and SESSION_KEY not in client.session
        assert b"already used" in page.content
    colleague = make_staff("op.colleague", "helpline_operator", district="PK614")
    response = client.post(
        "/en/accounts/login/",
        {"username": colleague.username, "password": "correct horse battery staple"},
        REMOTE_ADDR=OFFICE,
    )
    assert response.status_code == 302, "the office address was locked by replays"
    replays = SecurityEvent.objects.filter(kind=SecurityEventKind.SECOND_FACTOR_REPLAYED)
    assert replays.count() == 6 and set(replays.values_list("actor", flat=True)) == {"cw.replay"}
