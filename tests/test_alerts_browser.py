"""An alert through the pages in headless Chromium with JavaScript off (issue 14): a supervisor
drafts and is offered no approval of their own draft; another supervisor approves, answering each
criterion; the public page shows the alert in English and Urdu; "found" withdraws the description
from the page and the feed. Synthetic data: a fictional child in Kasur. No photo is taken yet."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.test import Client

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
    submit(drafter, "#alert-draft-button")
    assert drafter.locator("#action-done").count() == 1, drafter.inner_text("main")[:500]
    # One person alone cannot issue: the drafter is offered no approval, even after reloading.
    drafter.goto(case_url)
    assert drafter.locator("#alert-approve-form").count() == 0
    assert drafter.locator("#alert-own-draft").count() == 1
    assert PublishedAlert.objects.get(case_ref=ref).state == AlertState.DRAFT

    approver = _as(chromium, live_server, other)
    approver.goto(case_url)
    for item in current_criteria().items:
        approver.check(f'input[name="criterion_{item.id}"]')
    submit(approver, "#alert-approve-button")
    assert approver.locator("#action-done").count() == 1, approver.inner_text("main")[:500]
    row = PublishedAlert.objects.get(case_ref=ref)
    assert row.state == AlertState.ACTIVE

    public = chromium.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = public.new_page()
    page.goto(f"{live_server.url}/en/alerts/")
    submit(page, f"#alert-{row.reference} a[href$='/{row.reference}/']")
    assert DESCRIPTION in page.inner_text("main")
    page.goto(f"{live_server.url}/ur/alerts/{row.reference}/")
    assert URDU_DESCRIPTION in page.inner_text("main")
    feed = page.request.get(f"{live_server.url}/alerts/feed.atom").text()
    assert DESCRIPTION in feed

    worker = _as(chromium, live_server, cw)
    worker.goto(case_url)
    submit(worker, "#alert-found-button")
    assert worker.locator("#action-done").count() == 1
    for lang, description in (("en", DESCRIPTION), ("ur", URDU_DESCRIPTION)):
        page.goto(f"{live_server.url}/{lang}/alerts/{row.reference}/")
        assert description not in page.content()
    feed = page.request.get(f"{live_server.url}/alerts/feed.atom").text()
    assert DESCRIPTION not in feed and URDU_DESCRIPTION not in feed
    public.close()
