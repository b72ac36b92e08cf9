"""The press review pages in headless Chromium on a 360-pixel phone with JavaScript off: a
district officer confirms an incident and corrects a field with plain forms, in English and in
right-to-left Urdu, with nothing wider than the screen."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from nigraan import clock
from nigraan.media.models import Article, Incident, IncidentSource
from nigraan.testing.browser import submit, submit_locator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _incident() -> Incident:
    now = clock.now()
    article = Article.objects.create(
        key="a" * 64,
        outlet="Example Daily",
        feed="http://127.0.0.1/feed.xml",
        url="http://127.0.0.1/news/1001-girl-abducted-in-chunian",
        title="Girl, 12, abducted in Chunian (synthetic)",
        language="en",
        listed_at=now,
        status=Article.Status.INCIDENT,
    )
    incident = Incident.objects.create(
        offence="abduction",
        victims=1,
        victim_ages=[12],
        victim_genders=["female"],
        city="Chunian",
        district="Kasur",
        province="Punjab",
        district_code="PK614",
        created_at=now,
        updated_at=now,
        sources_count=1,
        outlets_count=1,
    )
    IncidentSource.objects.create(
        incident=incident, article=article, position=0, kind="report", fields={}, added_at=now
    )
    return incident


def _phone(chromium, live_server, staff):
    client = Client()
    client.force_login(staff)
    context = chromium.new_context(
        viewport={"width": 360, "height": 640}, java_script_enabled=False
    )
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_district_officer_confirms_and_corrects_on_a_phone_without_javascript(
    live_server, chromium, personas, language
):
    personas.ensure("dco")
    incident = _incident()
    page = _phone(chromium, live_server, personas["dco"])
    page.goto(f"{live_server.url}/{language}/staff/press/")
    assert page.get_attribute("html", "dir") == ("rtl" if language == "ur" else "ltr")
    assert _fits(page)
    submit(page, f"#press-{incident.pk} a")
    assert _fits(page)
    page.select_option("#status", "confirmed")
    submit(page, "#status-form button")
    page.fill("#value-victim_ages", "11")
    submit_locator(page, page.locator("#field-victim_ages button"))
    incident.refresh_from_db()
    assert incident.status == "confirmed" and incident.victim_ages == [11]
    expected = "تصدیق شدہ" if language == "ur" else "Confirmed"
    assert expected in page.inner_text("#incident-status")
    assert _fits(page)
    page.goto(f"{live_server.url}/{language}/staff/press/unlinked/")
    assert _fits(page)
    page.context.close()
