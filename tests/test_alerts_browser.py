"""An alert through the pages in headless Chromium with JavaScript off, on a 360 px phone (issue
14): a supervisor drafts it with a photo the guardian consented to, and is offered no approval of
their own draft; another supervisor sees the photo and approves, answering each criterion; the
public page shows the alert and its photo in English and Urdu, under 100 KB with the photo and
no wider than the screen; "found" withdraws the photo and description from the page, the feed
and the photo's address. Synthetic data: a fictional child in Kasur, a generated image."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.test import Client

from alerts_photo_support import phone_photo
from browser_support import PAGE_LIMIT, fits_a_phone, shot
from nigraan import clock
from nigraan.alerts.criteria import current_criteria
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.testing.browser import submit
from test_alerts_workflow import DESCRIPTION, draft_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
URDU_DESCRIPTION = draft_fields()["description_ur"]
PKT = dt.timezone(dt.timedelta(hours=5))


def _as(chromium, live_server, staff):
    """A 360 px page, JavaScript off, logged in as ``staff``."""
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


def _missing_child_case() -> str:
    body = {
        "category": "missing_child",
        "account": "Synthetic.",
        "police": "fir_registered",
        "reporter": "parent",
        "consent_understood": True,
        "district": "PK614",
    }
    answer = Client().post(
        "/api/v1/reports", data=json.dumps(body), content_type="application/json"
    )
    return answer.json()["case"]


def test_draft_second_person_approves_public_pages_then_found_withdraws(
    chromium, live_server, make_staff, geography, settings
):
    settings.NIGRAAN_PUBLIC_URL = live_server.url
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    cw = make_staff("cw.kasur", "case_worker", district="PK614")
    sup = make_staff("sup.kasur", "supervisor", district="PK614")
    other = make_staff("sup2.kasur", "supervisor", district="PK614")
    ref = _missing_child_case()
    case_url = f"{live_server.url}/en/staff/cases/{ref}/"

    drafter = _as(chromium, live_server, sup)  # a supervisor, who could approve another's draft
    drafter.goto(case_url)
    seen = (clock.now().astimezone(PKT) - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    fields = draft_fields(last_seen_at=seen)
    for name, value in fields.items():
        if name == "abducted":
            drafter.check('#alert-draft-form input[name="abducted"]')
        else:
            drafter.fill(f"#alert-draft-form #{name}", value)
    photo = {"name": "child.jpg", "mimeType": "image/jpeg", "buffer": phone_photo(1600, 1200)}
    drafter.set_input_files("#alert-draft-form #photo", files=[photo])
    drafter.check("#alert-draft-form #photo_consent")
    submit(drafter, "#alert-draft-button")
    assert drafter.locator("#action-done").count() == 1, drafter.inner_text("main")[:500]
    # One person alone cannot issue: the drafter is offered no approval, even after reloading.
    drafter.goto(case_url)
    assert drafter.locator("#alert-approve-form").count() == 0
    assert drafter.locator("#alert-own-draft").count() == 1
    assert PublishedAlert.objects.get(case_ref=ref).state == AlertState.DRAFT

    approver = _as(chromium, live_server, other)
    approver.goto(case_url)
    assert _shown(approver, "#alert-draft-photo")  # the approver sees the photo first
    for item in current_criteria().items:
        approver.check(f'input[name="criterion_{item.id}"]')
    submit(approver, "#alert-approve-button")
    assert approver.locator("#action-done").count() == 1, approver.inner_text("main")[:500]
    row = PublishedAlert.objects.get(case_ref=ref)
    assert row.state == AlertState.ACTIVE

    public = chromium.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = public.new_page()
    loaded: list = []
    page.on("response", lambda response: loaded.append(response))
    page.goto(f"{live_server.url}/en/alerts/")
    loaded.clear()
    submit(page, f"#alert-{row.reference} a[href$='/{row.reference}/']")
    photo_url = f"/alerts/{row.reference}/photo.jpg"
    for lang, description in (("en", DESCRIPTION), ("ur", URDU_DESCRIPTION)):
        if lang == "ur":
            loaded.clear()
            page.goto(f"{live_server.url}/ur/alerts/{row.reference}/")
        assert description in page.inner_text("main")
        assert _shown(page, f"#photo-{row.reference}") and page.get_attribute(
            f"#photo-{row.reference}", "alt"
        )
        urls = [response.url for response in loaded]
        assert any(url.endswith(photo_url) for url in urls), urls
        total = sum(len(response.body()) for response in loaded if response.status == 200)
        assert total < PAGE_LIMIT, (lang, total, urls)  # the page, its stylesheet, the photo
        assert fits_a_phone(page), lang
        shot(page, f"alert-with-photo-{lang}")
    feed = page.request.get(f"{live_server.url}/alerts/feed.atom").text()
    assert DESCRIPTION in feed and photo_url in feed
    assert page.request.get(live_server.url + photo_url).status == 200

    worker = _as(chromium, live_server, cw)
    worker.goto(case_url)
    submit(worker, "#alert-found-button")
    assert worker.locator("#action-done").count() == 1
    for lang, description in (("en", DESCRIPTION), ("ur", URDU_DESCRIPTION)):
        page.goto(f"{live_server.url}/{lang}/alerts/{row.reference}/")
        assert description not in page.content() and "photo.jpg" not in page.content()
        assert page.locator("img").count() == 0
    feed = page.request.get(f"{live_server.url}/alerts/feed.atom").text()
    assert DESCRIPTION not in feed and URDU_DESCRIPTION not in feed and photo_url not in feed
    assert page.request.get(live_server.url + photo_url).status == 410
    public.close()


def _shown(page, selector: str) -> bool:
    """The image is on the page and decoded (the browser fetched and drew it)."""
    return bool(page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 0"))
