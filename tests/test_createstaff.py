"""`nigraan createstaff` makes a usable account, and refuses what would make an unusable one."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from nigraan.accounts.models import Staff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def password(settings):
    settings.NIGRAAN_STAFF_PASSWORD = "a long enough pass phrase 42"


def test_creates_a_case_worker_with_a_district_and_prints_the_totp_secret(geography, capsys):
    call_command("createstaff", "cw.new", "--role", "case_worker", "--district", "PK614", "--totp")
    staff = Staff.objects.get(username="cw.new")
    assert staff.role == "case_worker" and staff.password.startswith("argon2")
    assert list(staff.jurisdictions.values_list("level", "code")) == [("district", "PK614")]
    assert staff.totp_secret in capsys.readouterr().out


@pytest.mark.parametrize(
    "args,message",
    [
        (["x.one", "--role", "case_worker", "--district", "PK999"], "unknown district"),
        (["x.two", "--role", "case_worker"], "at least one jurisdiction"),
        (["ürdu", "--role", "oversight", "--country"], "username"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(geography, args, message):
    with pytest.raises(CommandError) as error:
        call_command("createstaff", *args)
    assert message.lower() in str(error.value).lower() or "letters" in str(error.value).lower()
    assert not Staff.objects.exists()


def test_weak_passwords_are_refused(geography, settings):
    settings.NIGRAAN_STAFF_PASSWORD = "password"
    with pytest.raises(CommandError):
        call_command("createstaff", "op.weak", "--role", "helpline_operator", "--district", "PK614")
    assert not Staff.objects.exists()
