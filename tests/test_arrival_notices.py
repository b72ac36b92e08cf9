"""Nothing that arrives waits unseen: a new report and a reporter's message each end in a notice
to someone who can act on it, and the notice is unread, counted in the staff menu, until read."""

from __future__ import annotations

import pytest
from django.test import Client

from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.notify.models import OutboxMessage, StaffNotice
from personas import KASUR, Personas

WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
FOLLOW_UP = SystemActor("intake.follow-up", frozenset({Action.ADD_NOTE}))


@pytest.fixture
def people(personas: Personas) -> Personas:
    return personas.ensure("cw", "cw2", "sup", "dco", "oversight", "cw.lahore", "admin")


def _report(district: str | None = KASUR, *, danger: bool = False):
    return commands.open_case(
        WEB,
        channel="web",
        category="sexual_abuse",
        district_code=district,
        province_code=None if district else "PK6",
        report={"in_danger_now": danger, "contact": "none"},
    )


def _told(kind: str, ref: str) -> set[str]:
    notices = StaffNotice.objects.filter(kind=kind, case__ref=ref)
    return {notice.staff.username for notice in notices}


def test_a_new_report_tells_the_case_workers_and_supervisor_of_its_district(people):
    case = _report()
    assert _told("new_report", case.ref) == {"cw.kasur", "cw2.kasur", "sup.kasur"}
    text = StaffNotice.objects.filter(case=case).first().text
    assert case.ref in text and "new report" in text


def test_a_child_in_danger_now_is_urgent_and_emails_the_supervisor_at_once(people):
    people["sup"].email = "sup.kasur@example.org"
    people["sup"].save()
    case = _report(danger=True)
    assert _told("new_report_urgent", case.ref) == {"cw.kasur", "cw2.kasur", "sup.kasur"}
    assert "URGENT" in StaffNotice.objects.filter(case=case).first().text
    keys = list(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert keys == [f"urgent-report:{case.ref}:{people['sup'].pk}"]


def test_a_report_nobody_in_its_place_works_still_reaches_someone(personas):
    personas.ensure("admin")
    case = _report()  # Kasur has nobody on staff in this test
    # The administrator may not open cases: the notice names the case instead of linking it.
    notices = StaffNotice.objects.filter(kind="new_report", text__contains=case.ref)
    assert {notice.staff.username for notice in notices} == {"admin"}


def test_a_report_whose_district_is_not_known_reaches_its_province(personas):
    personas.ensure("cw", "sup.punjab", "oversight")
    case = _report(district=None)
    assert _told("new_report", case.ref) == {"sup.punjab"}


def test_a_reporter_message_tells_the_owner(people):
    case = _report()
    commands.assign_case(people["sup"], case.ref, owner_username="cw2.kasur", reason="on duty")
    commands.add_reporter_message(FOLLOW_UP, case.ref, text="Synthetic: please call after 5.")
    assert _told("reporter_message", case.ref) == {"cw2.kasur"}


def test_a_message_on_an_unowned_case_tells_its_supervisors(people):
    case = _report()
    commands.add_reporter_message(
        FOLLOW_UP, case.ref, text="Synthetic: the school is nearby.", purpose="information"
    )
    assert _told("reporter_message", case.ref) == {"sup.kasur"}
    assert "added information" in StaffNotice.objects.get(kind="reporter_message").text


def _as(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def test_a_notice_is_unread_in_the_menu_until_its_case_is_opened(people):
    case = _report()
    client = _as(people["cw"])
    page = client.get("/en/staff/mine/").content.decode()
    assert "1 unread" in page
    listing = client.get("/en/staff/notices/").content.decode()
    assert case.ref in listing and 'id="unread-notices"' in listing
    assert client.get(f"/en/staff/cases/{case.ref}/").status_code == 200
    assert not StaffNotice.objects.filter(staff=people["cw"], read_at__isnull=True).exists()
    assert "unread-count" not in client.get("/en/staff/mine/").content.decode()
    # The supervisor's notice is theirs to read: still unread.
    assert StaffNotice.objects.filter(staff=people["sup"], read_at__isnull=True).count() == 1


def test_notices_can_be_marked_read_one_by_one_or_all_at_once(people):
    first, second = _report(), _report()
    client = _as(people["sup"])
    notice = StaffNotice.objects.get(staff=people["sup"], case=first)
    client.post("/en/staff/notices/", {"notice": str(notice.pk)})
    unread = StaffNotice.objects.filter(staff=people["sup"], read_at__isnull=True)
    assert [n.case_id for n in unread] == [second.pk]
    answer = client.post("/en/staff/notices/", {"notice": "all"})
    assert answer.status_code == 302 and answer.url == "/en/staff/notices/", answer.url
    assert not unread.all().exists()  # .all(): a fresh query, not the list read above
    other = StaffNotice.objects.filter(staff=people["cw"], read_at__isnull=True)
    assert other.count() == 2  # marking one's own notices read touches nobody else's
    assert client.get("/ur/staff/notices/").status_code == 200
