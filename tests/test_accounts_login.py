"""Staff login: argon2 passwords, a second factor for roles that read protected data, throttling."""

from __future__ import annotations

import pyotp
import pytest
from django.contrib.auth import SESSION_KEY

from nigraan.accounts import totp
from nigraan.accounts.models import Staff

PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(make_staff):
    staff = make_staff("cw.kasur", "case_worker", district="PK614")
    staff.totp_secret = pyotp.random_base32()
    staff.save()
    return staff


def _login(client, username, password=PASSWORD, address="10.1.1.1"):
    return client.post(
        "/en/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def _logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_passwords_are_stored_as_argon2(worker):
    assert Staff.objects.get(pk=worker.pk).password.startswith("argon2")


def test_helpline_operator_logs_in_with_password_alone(client, make_staff):
    make_staff("op.kasur", "helpline_operator", district="PK614")
    response = _login(client, "op.kasur")
    assert response.status_code == 302 and _logged_in(client)


def test_case_worker_is_not_logged_in_until_the_code_is_given(client, worker, fixed_clock):
    response = _login(client, "cw.kasur")
    assert response.status_code == 302 and response.url.endswith("/accounts/second-factor/")
    assert not _logged_in(client)
    assert client.get("/en/staff/").status_code == 302  # still sent to login
    code = pyotp.TOTP(worker.totp_secret).at(fixed_clock.current)
    response = client.post("/en/accounts/second-factor/", {"code": code})
    assert response.status_code == 302 and _logged_in(client)
    assert client.get("/en/staff/").status_code == 200


def test_a_wrong_or_replayed_code_is_refused(client, worker, fixed_clock):
    code = pyotp.TOTP(worker.totp_secret).at(fixed_clock.current)
    _login(client, "cw.kasur")
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/en/accounts/second-factor/", {"code": wrong})
    assert response.status_code == 200 and not _logged_in(client)
    assert client.post("/en/accounts/second-factor/", {"code": code}).status_code == 302
    client.post("/en/accounts/logout/")
    _login(client, "cw.kasur")
    response = client.post("/en/accounts/second-factor/", {"code": code})
    assert response.status_code == 200 and not _logged_in(client), "the same code worked twice"


def test_first_login_enrols_the_second_factor(client, make_staff, fixed_clock):
    make_staff("sup.kasur", "supervisor", district="PK614")
    _login(client, "sup.kasur")
    page = client.get("/en/accounts/second-factor/").content.decode()
    assert "<svg" in page
    secret = client.session["nigraan_enrol_secret"]
    client.post("/en/accounts/second-factor/", {"code": pyotp.TOTP(secret).at(fixed_clock.current)})
    assert _logged_in(client)
    assert Staff.objects.get(username="sup.kasur").totp_secret == secret


def test_wrong_password_message_does_not_reveal_whether_the_account_exists(client, worker):
    known = _login(client, "cw.kasur", "wrong password").content.decode()
    unknown = _login(client, "nobody.here", "wrong password", address="10.9.9.9").content.decode()
    assert "That username and password do not match." in known
    assert "That username and password do not match." in unknown


def test_five_failures_lock_the_username_then_the_lock_expires(client, worker, fixed_clock):
    for n in range(5):
        _login(client, "cw.kasur", "wrong", address=f"10.0.0.{n}")
    response = _login(client, "cw.kasur", PASSWORD, address="10.0.0.99")
    assert response.status_code == 429 and "Too many failed attempts" in response.content.decode()
    assert not _logged_in(client)
    fixed_clock.advance(minutes=16)
    response = _login(client, "cw.kasur", PASSWORD, address="10.0.0.99")
    assert response.status_code == 302


def test_failures_from_one_address_lock_that_address_for_every_username(
    client, make_staff, fixed_clock
):
    make_staff("op.kasur", "helpline_operator", district="PK614")
    for n in range(5):
        _login(client, f"guess{n}", "wrong", address="10.6.6.6")
    assert _login(client, "op.kasur", PASSWORD, address="10.6.6.6").status_code == 429
    assert _login(client, "op.kasur", PASSWORD, address="10.7.7.7").status_code == 302


def test_wrong_codes_count_towards_the_lock(client, worker, fixed_clock):
    _login(client, "cw.kasur")
    for _ in range(5):
        client.post("/en/accounts/second-factor/", {"code": "123456"}, REMOTE_ADDR="10.1.1.1")
    good = pyotp.TOTP(worker.totp_secret).at(fixed_clock.current)
    response = client.post("/en/accounts/second-factor/", {"code": good}, REMOTE_ADDR="10.1.1.1")
    assert "Too many failed attempts" in response.content.decode() and not _logged_in(client)


def test_an_inactive_account_cannot_log_in(client, make_staff):
    staff = make_staff("op.gone", "helpline_operator", district="PK614")
    staff.is_active = False
    staff.save()
    assert _login(client, "op.gone").status_code == 200 and not _logged_in(client)


def test_the_urdu_login_page_is_right_to_left(client):
    page = client.get("/ur/accounts/login/").content.decode()
    assert 'dir="rtl"' in page and 'lang="ur"' in page


def test_codes_come_from_the_injected_clock(worker, fixed_clock):
    code = pyotp.TOTP(worker.totp_secret).at(fixed_clock.current)
    fixed_clock.advance(minutes=10)
    assert totp.matching_step(worker.totp_secret, code, None) is None
