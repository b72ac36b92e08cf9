"""A case worker logs in on a 360-pixel phone, password then code, in English and in Urdu."""

from __future__ import annotations

import pyotp
import pytest

from nigraan.accounts.models import Staff
from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def worker(make_staff, fixed_clock):
    staff = make_staff("cw.kasur", "case_worker", district="PK614")
    staff.totp_secret = pyotp.random_base32()
    staff.save()
    return staff


@pytest.mark.parametrize("language", ["en", "ur"])
def test_case_worker_logs_in_with_password_and_code(
    live_server, phone_page, worker, fixed_clock, language
):
    page = phone_page
    page.goto(f"{live_server.url}/{language}/staff/")
    assert f"/{language}/accounts/login/" in page.url
    if language == "ur":
        assert page.get_attribute("html", "dir") == "rtl"
        assert "صارف نام" in page.inner_text("main")
    page.fill("#username", "cw.kasur")
    page.fill("#password", PASSWORD)
    submit(page, "button[type=submit]")
    assert "/accounts/second-factor/" in page.url
    page.fill("#code", pyotp.TOTP(worker.totp_secret).at(fixed_clock.current))
    submit(page, "button[type=submit]")
    assert page.url.endswith(f"/{language}/staff/")
    assert "cw.kasur" in page.inner_text("header")


def test_wrong_password_is_refused_with_a_plain_message(live_server, phone_page, worker):
    page = phone_page
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#username", "cw.kasur")
    page.fill("#password", "not the password")
    submit(page, "button[type=submit]")
    assert "That username and password do not match." in page.inner_text("#login-error")
    assert page.input_value("#username") == "cw.kasur"


def test_first_login_shows_an_enrolment_qr_code(live_server, phone_page, make_staff, fixed_clock):
    make_staff("sup.kasur", "supervisor", district="PK614")
    page = phone_page
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#username", "sup.kasur")
    page.fill("#password", PASSWORD)
    submit(page, "button[type=submit]")
    assert page.locator(".qr svg").count() == 1
    secret = page.inner_text("#totp-secret").strip()
    page.fill("#code", pyotp.TOTP(secret).at(fixed_clock.current))
    submit(page, "button[type=submit]")
    assert page.url.endswith("/en/staff/mine/")  # staff land on My cases
    assert Staff.objects.get(username="sup.kasur").totp_secret == secret
