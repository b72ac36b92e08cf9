"""The Content-Security-Policy blocks nothing the pages need: a real Chromium loads the public
pages, the login and the QR enrolment page, reports no CSP violation, and the stylesheet still
applies (a CSP that blocked it would leave the page unstyled, not broken)."""

from __future__ import annotations

import pytest

from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _watch_violations(page) -> list[str]:
    seen: list[str] = []
    page.on(
        "console",
        lambda message: seen.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return seen


def test_public_and_staff_pages_run_under_the_csp_without_violations(
    live_server, phone_page, make_staff, geography
):
    page = phone_page
    violations = _watch_violations(page)
    for path in ("/en/report/", "/ur/report/", "/en/follow-up/", "/en/accounts/login/"):
        page.goto(f"{live_server.url}{path}")
        header = page.locator("header.top")
        assert header.evaluate("e => getComputedStyle(e).display") == "flex", path
    make_staff("sup.csp", "supervisor", district="PK614")
    page.fill("#username", "sup.csp")
    page.fill("#password", PASSWORD)
    submit(page, "button[type=submit]")
    assert page.locator(".qr svg").count() == 1  # the enrolment QR code, inline SVG
    assert violations == []
