"""The public side on a cheap phone (headless Chromium, 360 px, JavaScript off and on, English and
Urdu): every public page — each step of the report form, the receipt, follow-up (code, wrong code,
the case), the printable proof, safety, transparency, figures, alerts, not found — fits 360 px
(no horizontal scroll), weighs under 100 KB, has the quick exit and call links at least 48 px.
Screenshots go to $NIGRAAN_SHOTS (default /tmp/nigraan-shots) for a person to look at. Quick exit
itself: tests/test_quick_exit_browser.py."""

from __future__ import annotations

import pytest

from browser_support import PAGE_LIMIT, fits_a_phone, phone, press, shot, weight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(base: str, language: str) -> dict[str, str]:
    return {
        "form": f"{base}/{language}/report/",
        "safety": f"{base}/{language}/safety/",
        "follow-up": f"{base}/{language}/follow-up/",
        "not-found": f"{base}/{language}/no-such-page/",
        "transparency": f"{base}/{language}/transparency/",
        "figures": f"{base}/{language}/figures/",
        "alerts": f"{base}/{language}/alerts/",
    }


CHECKED: list[str] = []


def _check_page(page, name: str) -> None:
    assert weight(page) < PAGE_LIMIT, (name, weight(page))
    assert fits_a_phone(page), name
    CHECKED.append(name)
    for link in page.locator("a[href^='tel:']").all():
        box = link.bounding_box()
        assert box and box["height"] >= 48 and box["width"] >= 48, (name, box)
    assert page.locator("#quick-exit").count() == 1, name


def _check(page, name: str, suffix: str) -> None:
    _check_page(page, name)
    shot(page, f"public-{name}-{suffix}")


def _form_steps(page, base: str, language: str, suffix: str) -> str:
    """Every step of the report form, each checked; the receipt code."""
    page.goto(f"{base}/{language}/report/")
    press(page, "#next")
    assert page.locator("#error-in_danger_now").count() == 1
    _check(page, "danger-refused", suffix)
    page.check("input[name=in_danger_now][value='1']")
    press(page, "#next")
    _check(page, "emergency", suffix)  # step 2, what happened, with the emergency numbers
    page.check("input[name=category][value=harassment]")
    page.fill("#account", "A synthetic account for the page check.")
    press(page, "#next")
    _check(page, "when-where", suffix)
    press(page, "#next")
    _check(page, "who", suffix)
    press(page, "#next")
    _check(page, "police", suffix)
    page.check("input[name=police][value=no]")
    press(page, "#next")
    page.check("input[name=reporter][value=parent]")
    page.check("input[name=contact][value=phone]")
    page.fill("#phone", "0300 1234567")
    _check(page, "you", suffix)
    press(page, "#next")
    _check(page, "consent", suffix)
    page.check("input[name=consent_understood]")
    press(page, "#next")
    _check(page, "review", suffix)
    press(page, "#next")
    assert page.locator("#receipt-code").count() == 1
    _check(page, "receipt", suffix)
    return page.inner_text("#receipt-code")


FORM_PAGES = ["danger-refused", "emergency", "when-where", "who", "police", "you", "consent"]
FORM_PAGES += ["review", "receipt"]


@pytest.mark.parametrize("javascript", [False, True])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_public_page_fits_a_phone_with_big_call_links(
    live_server, chromium, geography, contexts, language, javascript
):
    page = phone(chromium, contexts, javascript=javascript)
    suffix = f"{language}-{'js' if javascript else 'nojs'}"
    CHECKED.clear()
    for name, url in _pages(live_server.url, language).items():
        page.goto(url)
        _check(page, name, suffix)
    code = _form_steps(page, live_server.url, language, suffix)
    page.goto(f"{live_server.url}/{language}/follow-up/")
    page.fill("#code", "1234 5678 9012 3456 7890")
    press(page, "button[type=submit]")
    assert page.locator("#lost-code-help").count() == 1
    _check(page, "wrong-code", suffix)
    page.fill("#code", code)
    press(page, "button[type=submit]")
    assert page.locator("#stage").count() == 1
    _check(page, "follow-up-case", suffix)
    page.goto(f"{live_server.url}/{language}/follow-up/proof/")
    _check(page, "proof", suffix)
    assert [*_pages("", language), *FORM_PAGES, "wrong-code", "follow-up-case", "proof"] == CHECKED
