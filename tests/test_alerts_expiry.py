"""An alert whose time runs out (issue 14): the worker records case.alert_expired once (however
many workers sweep), the alert leaves the public pages, the case team is told by a staff notice,
and staff re-issue it through the update path. No CAP message is issued for an expiry (CAP's
``expires`` already says when it ends). Synthetic data: a fictional child in Kasur."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from nigraan import clock, tasks
from nigraan.alerts import workflow
from nigraan.alerts.expiry import NOTICE_KIND, expire_alert, expire_alerts
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.ledger.models import Event
from nigraan.notify.models import StaffNotice
from personas import Personas
from test_alerts_workflow import _open, all_yes, draft_fields


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco")


def _issued(people) -> tuple[str, PublishedAlert]:
    ref = _open(people)
    workflow.draft_alert(people["cw"], ref, draft_fields())
    return ref, workflow.approve_alert(people["sup"], ref, all_yes())


def _expired_events(ref: str) -> int:
    return Event.objects.filter(case_ref=ref, kind="case.alert_expired").count()


def test_an_expired_alert_is_an_event_and_its_case_team_is_told(people, fixed_clock):
    ref, row = _issued(people)
    public = Client()
    fixed_clock.advance(hours=47)
    assert tasks.run("expire_alerts") == 0  # not yet
    fixed_clock.advance(hours=1, seconds=1)
    assert tasks.run("expire_alerts") == 1
    row.refresh_from_db()
    assert row.state == AlertState.EXPIRED and _expired_events(ref) == 1
    event = Event.objects.get(case_ref=ref, kind="case.alert_expired")
    assert event.data == {"alert": row.reference, "identifier": row.cap_identifier}
    told = StaffNotice.objects.filter(kind=NOTICE_KIND, case__ref=ref)
    assert {n.staff.username for n in told} >= {"sup.kasur", "dco.kasur"}
    assert all(row.reference in n.text for n in told)
    assert row.reference not in public.get("/en/alerts/").content.decode()
    page = public.get(f"/en/alerts/{row.reference}/").content.decode()
    assert "This alert has expired." in page and "green frock" not in page
    assert len(row.messages) == 1  # no CAP message for an expiry
    staff = Client()
    staff.force_login(people["sup"])
    case_page = staff.get(f"/en/staff/cases/{ref}/").content.decode()
    assert 'id="alert-expired-note"' in case_page and 'id="alert-update-form"' in case_page
    assert tasks.run("expire_alerts") == 0  # once


def test_two_sweeps_of_the_same_alert_record_its_expiry_once(people, fixed_clock):
    ref, row = _issued(people)
    fixed_clock.advance(hours=49)
    now = clock.now()
    assert expire_alert(row.pk, now=now) is True
    assert expire_alert(row.pk, now=now) is False  # a second worker finds it expired
    assert expire_alerts(now) == 0
    assert _expired_events(ref) == 1
    assert StaffNotice.objects.filter(kind=NOTICE_KIND, case__ref=ref).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_record_the_expiry_once(personas, settings, fixed_clock):
    if connection.vendor != "postgresql":
        pytest.skip("threads share one SQLite test connection; PostgreSQL shows the race")
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    people = personas.ensure("op", "cw", "sup", "dco")
    ref, row = _issued(people)
    fixed_clock.advance(hours=49)
    now = clock.now()
    start, results = threading.Barrier(2), []

    def worker() -> None:
        try:
            start.wait()
            results.append(expire_alerts(now))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert _expired_events(ref) == 1


def test_staff_re_issue_an_expired_alert_through_the_update_path(people, fixed_clock):
    ref, row = _issued(people)
    first_sms = row.messages[0][0]
    fixed_clock.advance(hours=49)
    expire_alerts()
    row = workflow.update_alert(people["sup"], ref, {})  # nothing changed: re-issued as it was
    assert row.state == AlertState.ACTIVE
    assert row.expires == clock.now().replace(microsecond=0) + dt.timedelta(hours=48)
    assert b"<msgType>Update</msgType>" in bytes(row.cap_xml) and first_sms != row.cap_identifier
    assert row.reference in Client().get("/en/alerts/").content.decode()
    kinds = list(Event.objects.filter(case_ref=ref).values_list("kind", flat=True))
    assert kinds[-2:] == ["case.alert_expired", "case.alert_updated"]


def test_an_expired_alert_can_still_be_closed_as_found(people, fixed_clock):
    ref, row = _issued(people)
    fixed_clock.advance(hours=49)
    expire_alerts()
    row = workflow.alert_found(people["cw"], ref)
    assert row.state == AlertState.FOUND and b"AllClear" in bytes(row.cap_xml)
