"""The public figures pages are rendered once per server process and served again from memory
(web/views_figures.py ``_kept``): a page served again is the same page, and a new release or a
correction (a new row) is seen at once, as is a refused address."""

from __future__ import annotations

import pytest
from django.db import transaction

from figures_histories import write_case
from nigraan.stats.publish import publish
from nigraan.stats.release import Period
from nigraan.web import views_figures

PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7")]
URL = "/en/figures/month/2026-01/area/PK6/"


def _write(numbers: range) -> None:
    with transaction.atomic():
        for number in numbers:
            history = ("web", "sexual_abuse", PLACES[number % 3], "5-9", "female", 45, [])
            write_case(number, history)


@pytest.mark.django_db
def test_a_correction_is_served_at_once_and_a_page_again_is_the_same(client):
    _write(range(30))
    publish(Period.parse("month:2026-01"))
    first = client.get(URL)
    assert first.status_code == 200
    kept = len(views_figures._PAGES)
    again = client.get(URL)
    assert again.content == first.content and len(views_figures._PAGES) == kept
    assert client.get("/en/figures/month/2026-01/area/PK999/").status_code == 404

    _write(range(30, 45))  # rows recorded late: the month's figures change
    note = "Fifteen reports entered late by the Punjab helpline."
    assert publish(Period.parse("month:2026-01"), correction_note=note).release.version == 2
    corrected = client.get(URL)
    assert corrected.status_code == 200 and corrected.content != first.content
    assert note in corrected.content.decode()


@pytest.mark.django_db
def test_a_reader_with_the_page_already_gets_not_modified_until_a_correction(client):
    """The page's ETag sent back (If-None-Match) gives 304 without the page; after a correction
    the same ETag gets the new page."""
    _write(range(30))
    publish(Period.parse("month:2026-01"))
    first = client.get(URL)
    etag = first["ETag"]
    again = client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    _write(range(30, 45))
    publish(Period.parse("month:2026-01"), correction_note="Fifteen reports entered late.")
    corrected = client.get(URL, headers={"If-None-Match": etag})
    assert corrected.status_code == 200 and corrected["ETag"] != etag


@pytest.mark.django_db
def test_on_a_sqlite_file_the_releases_are_queried_again_whenever_the_files_changed(
    monkeypatch, django_assert_num_queries
):
    """web/figures_validator.py: the kept answer is used only while the database's files are
    unchanged and were already quiet for a second when looked at (the files' state is faked:
    tests run inside a transaction, where the real one is never trusted)."""
    from nigraan.web import figures_validator

    monkeypatch.setattr(figures_validator, "_kept", None)
    state = {"files": ((1, 100, 5), None), "changed": 0.0}
    monkeypatch.setattr(
        figures_validator, "_files_state", lambda: (state["files"], state["changed"])
    )
    with django_assert_num_queries(1):
        empty = figures_validator.releases_validator()
    with django_assert_num_queries(0):
        assert figures_validator.releases_validator() == empty
    _write(range(6))
    publish(Period.parse("month:2026-01"))
    state["files"] = ((1, 100, 6), None)  # a commit changed the file
    state["changed"] = 1e12  # just now: not trusted yet
    with django_assert_num_queries(1):
        published = figures_validator.releases_validator()
    assert published != empty
    with django_assert_num_queries(1):
        figures_validator.releases_validator()
