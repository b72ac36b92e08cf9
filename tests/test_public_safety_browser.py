"""The public side on a cheap phone (headless Chromium, 360 px, JavaScript off and on, English and
Urdu): quick exit leaves no Nigraan page in the tab's history (with JavaScript) and is a plain
link to a neutral site without it; every public page fits 360 px, weighs under 100 KB, and its
call links are at least 48 px tall. Screenshots go to /tmp/shots-public/ for a person to look."""

from __future__ import annotations

from pathlib import Path

import pytest

from nigraan.testing.browser import follow, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEUTRAL = "https://www.google.com/search?q=weather"
SHOTS = Path("/tmp/shots-public")


def _neutral_site(page) -> None:
    """No network in tests: the neutral site answers from here."""
    page.route(
        "https://www.google.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><p>Sunny</p>"
        ),
    )


def _no_nigraan_page_behind(page, base: str) -> None:
    """Back from the neutral site reaches only the tab's blank start page, never Nigraan."""
    assert page.url == NEUTRAL
    while page.evaluate("history.length") > 1 and page.go_back() is not None:
        assert not page.url.startswith(base), page.url
    assert not page.url.startswith(base), page.url


@pytest.mark.parametrize("language", ["en", "ur"])
def test_quick_exit_with_javascript_leaves_no_nigraan_page_in_the_tab_history(
    live_server, phone_page, language
):
    page = phone_page
    _neutral_site(page)
    page.goto(f"{live_server.url}/{language}/report/")
    length = page.evaluate("history.length")
    follow(page, "#quick-exit")
    assert page.evaluate("history.length") == length  # the Nigraan entry was replaced
    _no_nigraan_page_behind(page, live_server.url)


def test_quick_exit_after_form_steps_replaces_the_page_it_is_on(live_server, phone_page):
    """Known limit (docs/intake.md, the safety page): earlier steps of the same visit stay
    behind in the tab's history; quick exit replaces only the page it is pressed on."""
    page = phone_page
    _neutral_site(page)
    page.goto(f"{live_server.url}/en/report/")
    page.check("input[name=in_danger_now][value='1']")
    submit(page, "#next")
    assert page.locator(".emergency").count() == 1
    length = page.evaluate("history.length")
    follow(page, "#quick-exit")
    assert page.url == NEUTRAL and page.evaluate("history.length") == length


def test_quick_exit_from_the_safety_page_too_and_by_keyboard(live_server, phone_page):
    page = phone_page
    _neutral_site(page)
    page.goto(f"{live_server.url}/en/safety/")
    page.keyboard.press("Tab")  # the first thing the keyboard reaches
    assert page.evaluate("document.activeElement.id") == "quick-exit"
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    _no_nigraan_page_behind(page, live_server.url)


def test_quick_exit_without_javascript_is_a_plain_link_to_the_neutral_site(
    live_server, phone_page_no_js
):
    page = phone_page_no_js
    _neutral_site(page)
    page.goto(f"{live_server.url}/ur/report/")
    box = page.locator("#quick-exit").bounding_box()
    assert box and box["y"] < 5 and box["height"] >= 48  # at the very top, easy to hit
    follow(page, "#quick-exit")
    assert page.url == NEUTRAL


def _pages(base: str, language: str) -> dict[str, str]:
    return {
        "form": f"{base}/{language}/report/",
        "safety": f"{base}/{language}/safety/",
        "follow-up": f"{base}/{language}/follow-up/",
        "not-found": f"{base}/{language}/no-such-page/",
        "transparency": f"{base}/{language}/transparency/",
    }


def _check_page(page, name: str) -> None:
    assert len(page.content().encode()) < 100_000, name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    for link in page.locator("a[href^='tel:']").all():
        box = link.bounding_box()
        assert box and box["height"] >= 48 and box["width"] >= 48, (name, box)
    assert page.locator("#quick-exit").count() == 1, name


@pytest.mark.parametrize("javascript", [False, True])
@pytest.mark.parametrize("language", ["en", "ur"])
def test_every_public_page_fits_a_phone_with_big_call_links(
    live_server, chromium, geography, language, javascript
):
    context = chromium.new_context(
        viewport={"width": 360, "height": 640}, java_script_enabled=javascript
    )
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    suffix = f"{language}-{'js' if javascript else 'nojs'}"
    try:
        for name, url in _pages(live_server.url, language).items():
            page.goto(url)
            _check_page(page, name)
            page.screenshot(path=str(SHOTS / f"{name}-{suffix}.png"), full_page=True)
        # The form's own pages: refused "danger now", emergency numbers, the review, the receipt
        page.goto(f"{live_server.url}/{language}/report/")
        submit(page, "#next")
        assert page.locator("#error-in_danger_now").count() == 1
        _check_page(page, "danger-refused")
        page.screenshot(path=str(SHOTS / f"danger-refused-{suffix}.png"), full_page=True)
        page.check("input[name=in_danger_now][value='1']")
        submit(page, "#next")
        _check_page(page, "emergency")
        page.screenshot(path=str(SHOTS / f"emergency-{suffix}.png"), full_page=True)
        page.check("input[name=category][value=harassment]")
        page.fill("#account", "A synthetic account for the page check.")
        submit(page, "#next")
        for _ in range(2):
            submit(page, "#next")
        page.check("input[name=police][value=no]")
        submit(page, "#next")
        page.check("input[name=reporter][value=parent]")
        page.check("input[name=contact][value=phone]")
        page.fill("#phone", "0300 1234567")
        _check_page(page, "you")
        page.screenshot(path=str(SHOTS / f"you-{suffix}.png"), full_page=True)
        submit(page, "#next")
        page.check("input[name=consent_understood]")
        submit(page, "#next")
        _check_page(page, "review")
        page.screenshot(path=str(SHOTS / f"review-{suffix}.png"), full_page=True)
        submit(page, "#next")
        assert page.locator("#receipt-code").count() == 1
        _check_page(page, "receipt")
        page.screenshot(path=str(SHOTS / f"receipt-{suffix}.png"), full_page=True)
        page.goto(f"{live_server.url}/{language}/follow-up/")
        page.fill("#code", "1234 5678 9012 3456 7890")
        submit(page, "button[type=submit]")
        assert page.locator("#lost-code-help").count() == 1
        _check_page(page, "wrong-code")
        page.screenshot(path=str(SHOTS / f"wrong-code-{suffix}.png"), full_page=True)
    finally:
        context.close()
