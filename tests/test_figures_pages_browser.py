"""The figures pages on a phone: 360 px, no JavaScript, English and Urdu. A reader goes national →
province (from the table) → district (by tapping it on the province's map) → a measure's
definition, back, and downloads the CSV; the national and province pages show the district map
fitted to the screen; no page scrolls sideways or weighs 100 KB; screenshots to look at
(NIGRAAN_SHOTS=dir keeps them)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import transaction

from figures_histories import write_case
from nigraan.stats.publish import publish
from nigraan.stats.release import Period

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7"), ("PK614", "PK6")]


def _check(page, name: str, tmp_path) -> None:
    assert len(page.content().encode()) < 100_000, name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    if shots := os.environ.get("NIGRAAN_SHOTS"):
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def _check_map(page, districts: int) -> None:
    """The map is drawn, fits the screen, has its districts as links and a legend."""
    box = page.locator("svg.map").bounding_box()
    assert box is not None and 200 < box["width"] <= 360 and box["height"] > 150
    assert page.locator("svg.map a").count() == districts
    assert page.locator("#map .legend li").count() >= 2
    # the table beside it fits too (no scrolling inside its wrapper)
    assert page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)"
    )


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_reader_drills_down_reads_a_definition_and_downloads_the_csv(
    live_server, phone_page_no_js, language, tmp_path
):
    with transaction.atomic():
        for number in range(30):
            steps = [(5, ("stage", "fir_registered", False))] if number % 2 else []
            write_case(
                number, ("web", "sexual_abuse", PLACES[number % 4], "5-9", "female", 45, steps)
            )
    release = publish(Period.parse("month:2026-01")).release
    page = phone_page_no_js
    page.goto(f"{live_server.url}/{language}/figures/")
    assert page.locator("#not-prevalence").count() == 1
    assert release.ledger_hash in page.locator("#ledger-record").inner_text()
    _check_map(page, 160)
    _check(page, f"figures-national-{language}", tmp_path)
    page.locator("#children a[href$='/area/PK6/']").click()
    assert page.url.endswith("/area/PK6/")
    _check_map(page, 36)
    _check(page, f"figures-province-{language}", tmp_path)
    page.locator("svg.map a[href='../PK614/']").click()  # Kasur, on the map
    assert page.url.endswith("/area/PK614/")
    assert page.locator("svg.map").count() == 0 and page.locator("#funnel svg.bar").count() == 8
    _check(page, f"figures-district-{language}", tmp_path)
    page.locator("#funnel a").first.click()
    assert "/figures/measures/reports_received/" in page.url
    assert page.locator("#definition").inner_text().strip()
    _check(page, f"figures-definition-{language}", tmp_path)
    page.go_back()
    with page.expect_download() as download:
        page.locator("#downloads a[href$='figures.csv']").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("period,measure") and lines[1].startswith("#date+period")
