"""The press figures page in headless Chromium on a 360-pixel phone with JavaScript off, in
English and right-to-left Urdu: the tables fit the screen and the year can be chosen."""

from __future__ import annotations

import pytest

from browser_support import fits_a_phone, shot, staff_phone
from nigraan import clock
from nigraan.cases import commands
from nigraan.media.models import Incident
from nigraan.testing.browser import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _confirmed(offence: str, genders: list[str]) -> None:
    now = clock.now()
    Incident.objects.create(
        status="confirmed",
        offence=offence,
        victims=len(genders),
        victim_ages=[9] * len(genders),
        victim_genders=genders,
        district="Kasur",
        province="Punjab",
        district_code="PK614",
        first_reported_on=clock.today(),
        created_at=now,
        updated_at=now,
    )


@pytest.mark.parametrize("language", ["en", "ur"])
def test_oversight_reads_press_figures_on_a_phone(
    live_server, chromium, personas, contexts, language
):
    p = personas.ensure("op", "oversight")
    commands.open_case(p["op"], channel="helpline", category="sexual_abuse", district_code="PK614")
    _confirmed("abduction", ["female"])
    _confirmed("rape", ["female", "male"])
    page = staff_phone(chromium, live_server, p["oversight"], contexts)
    page.goto(f"{live_server.url}/{language}/staff/press/figures/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
    assert fits_a_phone(page)
    districts = page.inner_text("#press-table-districts")
    assert ("قصور" if language == "ur" else "Kasur") in districts
    assert "2" in districts and "1" in districts  # two incidents beside one case
    shot(page, f"press-figures-{language}")
    page.select_option("#year", str(clock.today().year - 1))
    submit(page, "#press-figures-year button")
    assert f"year={clock.today().year - 1}" in page.url
    assert "0" in page.inner_text("#press-figures-totals")
    assert fits_a_phone(page)
