"""Quick exit on a cheap phone (headless Chromium, 360 px, English and Urdu): with JavaScript, a
whole visit — safety page, every step of the report form, the receipt, the follow-up page —
holds ONE entry in the tab's history, and quick exit replaces it with the neutral site, so
"Back" never reaches a Nigraan page (window.history.length read, and Back pressed until the
start of the tab). What the tab held before the visit stays: beyond any page's reach
(docs/security.md, the safety page). Without JavaScript quick exit is a plain link to the neutral
site, 48 px tall at the very top."""

from __future__ import annotations

import pytest

from browser_support import phone, press
from nigraan.testing.browser import follow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://www.google.com/search?q=weather"
BEFORE = "https://search.example/?q=help"  # where the reporter was before (a search page)


def _outside_world(page) -> None:
    """No network in tests: the neutral site and the search page answer from here."""
    for pattern, body in (
        ("https://www.google.com/**", "<title>Weather</title><p>Sunny</p>"),
        ("https://search.example/**", "<title>Search</title><p>results</p>"),
    ):
        page.route(pattern, _answer_with(body))


def _answer_with(body: str):
    return lambda route: route.fulfill(status=200, content_type="text/html", body=body)


def _back_never_reaches_nigraan(page, base: str) -> list[str]:
    """Press Back until the start of the tab; the addresses seen on the way."""
    seen = [page.url]
    while page.evaluate("history.length") > 1:
        try:
            if page.go_back(wait_until="load") is None:
                break
        except Exception as error:  # a POST page asking to be sent again is a Nigraan page too
            raise AssertionError(f"Back reached a page that had to be re-sent: {error}") from None
        seen.append(page.url)
        if page.url == BEFORE:
            break
    assert not [url for url in seen if url.startswith(base)], seen
    return seen


def _report_steps(page, language: str) -> None:
    page.check("input[name=in_danger_now][value='0']")
    press(page, "#next")
    page.check("input[name=category][value=harassment]")
    page.fill("#account", "A synthetic account for the quick exit check.")
    press(page, "#next")
    page.select_option("#province", "PK6")
    page.select_option("#district", "PK614")
    press(page, "#next")
    press(page, "#next")  # who: all "I don't know"
    page.check("input[name=police][value=no]")
    press(page, "#next")
    page.check("input[name=reporter][value=parent]")
    press(page, "#next")
    page.check("input[name=consent_understood]")
    press(page, "#next")
    assert page.locator("button[name=go][value=edit-2]").count() == 1  # the review step
    press(page, "#next")
    assert page.locator("#receipt-code").count() == 1


@pytest.mark.parametrize("language", ["en", "ur"])
def test_after_a_whole_report_quick_exit_leaves_no_nigraan_page_in_the_tab_history(
    live_server, chromium, geography, contexts, language
):
    page = phone(chromium, contexts, javascript=True)
    _outside_world(page)
    page.goto(BEFORE)
    page.goto(f"{live_server.url}/{language}/safety/")
    arrived = page.evaluate("history.length")
    follow(page, f"a[href='/{language}/report/']")  # "Make a report"
    _report_steps(page, language)
    code = page.inner_text("#receipt-code")
    assert page.evaluate("history.length") == arrived  # the whole visit is one entry
    assert page.url == f"{live_server.url}/{language}/report/"
    follow(page, f"a.button[href='/{language}/follow-up/']")  # "Follow up on a report"
    page.fill("#code", code)
    press(page, "button[type=submit]")
    assert page.url.endswith(f"/{language}/follow-up/case/")  # the redirect, on the same entry
    page.fill("#text", "Synthetic message before leaving.")
    press(page, "form:has(#text) button[type=submit]")
    assert "before leaving" in page.inner_text("#conversation")
    length = page.evaluate("history.length")
    follow(page, "#quick-exit")
    assert page.url == NEUTRAL and page.evaluate("history.length") == length
    seen = _back_never_reaches_nigraan(page, live_server.url)
    assert seen[-1] == BEFORE  # what came before the visit is still there (beyond reach)


def test_quick_exit_by_pressing_escape_twice(live_server, chromium, geography, contexts):
    page = phone(chromium, contexts, javascript=True)
    _outside_world(page)
    page.goto(BEFORE)
    page.goto(f"{live_server.url}/en/report/")
    page.check("input[name=in_danger_now][value='1']")
    press(page, "#next")
    assert page.locator(".emergency").count() == 1
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    assert page.url == NEUTRAL
    assert _back_never_reaches_nigraan(page, live_server.url)[-1] == BEFORE


def test_quick_exit_is_the_first_thing_the_keyboard_reaches(
    live_server, chromium, geography, contexts
):
    page = phone(chromium, contexts, javascript=True)
    _outside_world(page)
    page.goto(f"{live_server.url}/ur/safety/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    _back_never_reaches_nigraan(page, live_server.url)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_without_javascript_quick_exit_is_a_big_plain_link_to_the_neutral_site(
    live_server, chromium, geography, contexts, language
):
    """Without JavaScript no page can take itself out of the history: the link still leaves at
    once, and the safety page tells the reporter to close the tab or delete the history."""
    page = phone(chromium, contexts)
    _outside_world(page)
    page.goto(f"{live_server.url}/{language}/report/")
    box = page.locator("#quick-exit").bounding_box()
    assert box and box["y"] < 5 and box["height"] >= 48  # at the very top, easy to hit
    follow(page, "#quick-exit")
    assert page.url == NEUTRAL
    page.goto(f"{live_server.url}/{language}/safety/")
    assert page.locator("#history").count() == 1
