"""Page-test helpers for Playwright.

A click that submits a form or follows a link starts a navigation; Playwright's ``click`` returns
once it has started, not once the new page is there. Reading the page at once (``count()``,
``url``, a ``select_option`` for the next form) then races the server's answer and reads the old
page: a test that passes on an idle machine and fails on a busy one. ``submit`` and ``follow``
wait for the new page to load first."""

from __future__ import annotations

from typing import Any


def submit(page: Any, selector: str, **click_options: Any) -> None:
    """Click a submit button (or link) and wait until the page it leads to has loaded."""
    with page.expect_navigation(wait_until="load"):
        page.click(selector, **click_options)


def submit_locator(page: Any, locator: Any) -> None:
    """``submit`` for a Playwright locator (e.g. one button inside a card)."""
    with page.expect_navigation(wait_until="load"):
        locator.click()


follow = submit  # a link, read aloud in tests as what it is
