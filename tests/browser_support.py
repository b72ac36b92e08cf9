"""What the browser tests share: a cheap phone (360×640, JavaScript off unless asked), staff logged
in (with password and the TOTP second factor, as a person does, or by session cookie where the
login is not what the test is about), screenshots for a person to look at, and the page checks
every walk repeats (no horizontal scroll, page weight).

    page = phone(chromium, contexts)                 # JavaScript off, 360 px
    page = staff_phone(chromium, live_server, staff, contexts)
    log_in(page, live_server.url, staff)             # password, then the 6-digit code
    press(page, "#next")                             # a submit, with or without JavaScript
    assert fits_a_phone(page)
    assert not english_left(page.inner_text("body"), ref, "sup.kasur")  # an Urdu page
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pyotp
import pytest
from django.conf import settings
from django.test import Client

from nigraan import clock
from nigraan.testing.browser import submit

PASSWORD = "correct horse battery staple"  # every persona's (tests/personas.py)
SHOTS = Path(os.environ.get("NIGRAAN_SHOTS", "/tmp/nigraan-shots"))
PHONE = {"width": 360, "height": 640}
PAGE_LIMIT = 100_000  # bytes: a public page on a cheap phone's data
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture
def contexts():
    """Browser contexts a test opens (one per person), closed after it."""
    opened: list[Any] = []
    yield opened
    for context in opened:
        context.close()


def phone(
    chromium: Any, contexts: list[Any], *, javascript: bool = False, screen: dict | None = None
) -> Any:
    """A new tab on a 360×640 phone (or ``screen={"width": 1280, "height": 800}``); JavaScript
    off unless asked."""
    context = chromium.new_context(viewport=screen or PHONE, java_script_enabled=javascript)
    contexts.append(context)
    return context.new_page()


def staff_phone(
    chromium: Any,
    live_server: Any,
    staff: Any,
    contexts: list[Any],
    *,
    javascript: bool = False,
    screen: dict | None = None,
) -> Any:
    """A phone (or ``screen``) already logged in as ``staff`` (a session cookie: for walks about
    what staff do, not about logging in; ``log_in`` walks the login itself)."""
    page = phone(chromium, contexts, javascript=javascript, screen=screen)
    client = Client()
    client.force_login(staff)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )
    return page


def log_in(
    page: Any, base: str, staff: Any, *, language: str = "en", at: dt.datetime | None = None
) -> None:
    """Log in through the pages: username and password, then the code of the staff member's
    authenticator (a secret is given to the persona if it has none)."""
    if not staff.totp_secret:
        staff.totp_secret = pyotp.random_base32()
        staff.save(update_fields=["totp_secret"])
    page.goto(f"{base}/{language}/accounts/login/")
    page.fill("#username", staff.username)
    page.fill("#password", PASSWORD)
    submit(page, "button[type=submit]")
    assert "/accounts/second-factor/" in page.url, page.inner_text("main")[:300]
    page.fill("#code", pyotp.TOTP(staff.totp_secret).at(at or clock.now()))
    submit(page, "button[type=submit]")
    assert "/accounts/" not in page.url, page.inner_text("main")[:300]


def press(page: Any, selector: str) -> None:
    """Click a submit button and wait for the page it leads to — a new page (JavaScript off) or
    the answer shown in place of the page (public pages with JavaScript: quick-exit.js)."""
    page.evaluate("document.documentElement.setAttribute('data-before-press', '1')")
    page.click(selector)
    page.wait_for_selector("html:not([data-before-press])", state="attached")
    page.wait_for_load_state("load")


def fits_a_phone(page: Any) -> bool:
    """No horizontal scroll: the page is no wider than the 360-pixel screen."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def english_left(text: str, *allowed: str) -> set[str]:
    """The Latin-letter words in an Urdu page's ``text`` that are not in ``allowed`` (references,
    usernames, what was typed in English, the "English" link): English the page forgot to
    translate. An empty set is an Urdu page."""
    known = set(LATIN_WORD.findall(" ".join(("English", *allowed))))
    return set(LATIN_WORD.findall(text)) - known


def weight(page: Any) -> int:
    """The page's HTML in bytes (the public pages load one stylesheet and one small script)."""
    return len(page.content().encode())


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot in $NIGRAAN_SHOTS (default /tmp/nigraan-shots) for a person."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
