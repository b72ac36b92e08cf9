"""Many unread notices stay readable: "All cases" shows the newest five and a link to the rest;
the notices page counts them all and lists them a page at a time (newest first), on a phone's
screen; marking all read still reads every one, not only the page shown."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from nigraan import clock
from nigraan.notify.models import StaffNotice
from nigraan.web.views import NOTICES_SHOWN
from nigraan.web.views_notices import UNREAD_PAGE
from personas import Personas

pytestmark = pytest.mark.django_db
MANY = UNREAD_PAGE + 7


def _notices(staff, count: int) -> None:
    start = clock.now()
    StaffNotice.objects.bulk_create(
        StaffNotice(
            staff=staff,
            kind="new_report",
            params={"ref": f"NGR-PAGE{index:04d}"},
            text=f"NGR-PAGE{index:04d}: a new report",
            created_at=start - dt.timedelta(minutes=index),
        )
        for index in range(count)
    )


def test_all_cases_shows_the_newest_unread_notices_and_links_to_the_rest(personas: Personas):
    staff = personas.ensure("sup")["sup"]
    _notices(staff, MANY)
    browser = Client()
    browser.force_login(staff)
    page = browser.get("/en/staff/").content.decode()
    shown = [index for index in range(MANY) if f"NGR-PAGE{index:04d}" in page]
    assert shown == list(range(NOTICES_SHOWN))
    assert 'id="all-notices"' in page


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_notices_page_counts_all_and_lists_them_a_page_at_a_time(
    personas: Personas, language: str
):
    staff = personas.ensure("sup")["sup"]
    _notices(staff, MANY)
    browser = Client()
    browser.force_login(staff)
    first = browser.get(f"/{language}/staff/notices/").content.decode()
    second = browser.get(f"/{language}/staff/notices/?page=2").content.decode()
    heading = first.split('id="unread-heading">')[1].split("</h2>")[0]
    assert heading.startswith(f"{MANY} "), heading  # all of them, not the page's thirty
    on_first = {i for i in range(MANY) if f"NGR-PAGE{i:04d}" in first}
    on_second = {i for i in range(MANY) if f"NGR-PAGE{i:04d}" in second}
    assert on_first == set(range(UNREAD_PAGE)) and on_second == set(range(UNREAD_PAGE, MANY))
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert browser.get(f"/{language}/staff/notices/?page=x").status_code == 200  # page 1

    browser.post(f"/{language}/staff/notices/", {"notice": "all"})
    assert not StaffNotice.objects.filter(staff=staff, read_at__isnull=True).exists()
