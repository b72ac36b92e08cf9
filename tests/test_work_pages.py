"""The staff work pages through Django's test client: who sees what on My cases, Overdue, the
district board and the services directory, and who may change the directory."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client

from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import commands, service_directory
from nigraan.cases.models import Service
from nigraan.cases.sweep import sweep
from nigraan.cases.vocabulary import Stage
from nigraan.web import work_queries

pytestmark = pytest.mark.django_db


def _as(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def _open(actor, district: str = "PK614", category: str = "harassment") -> str:
    return commands.open_case(
        actor, channel="helpline", category=category, district_code=district
    ).ref


def _ids(html: str, list_id: str) -> list[str]:
    """The case references in one list of a page, in order."""
    start = html.index(f'id="{list_id}"')
    end = html.index("</ul>", start) if "</ul>" in html[start:] else len(html)
    return list(dict.fromkeys(re.findall(r"NGR-[A-Z0-9]+", html[start:end])))


@pytest.fixture
def kasur(personas):
    """Kasur's district crew (no police or prosecutor), and Attock's for contrast."""
    return personas.ensure("op", "cw", "cw2", "sup", "dco", "op.attock", "cw.attock", "sup.attock")


def _assign(crew, ref: str, owner: str, supervisor: str = "sup") -> None:
    commands.assign_case(crew[supervisor], ref, owner_username=owner)


# ---- My cases -----------------------------------------------------------------------------------


def test_a_case_worker_sees_only_the_open_cases_they_own_under_my_cases(kasur, fixed_clock):
    mine = _open(kasur["op"])
    theirs = _open(kasur["op"])
    nobodys = _open(kasur["op"])
    _assign(kasur, mine, "cw.kasur")
    _assign(kasur, theirs, "cw2.kasur")
    page = _as(kasur["cw"]).get("/en/staff/mine/").content.decode()
    assert _ids(page, "my-cases") == [mine]
    assert theirs not in page and nobodys not in page
    assert "1 open case" in page
    assert "Assigned" in page  # its stage


def test_my_cases_show_the_next_deadline_with_time_left_then_how_overdue(kasur, fixed_clock):
    ref = _open(kasur["op"], category="missing_child")  # triage in 3 h, FIR in 2 h
    commands.assign_case(kasur["sup"], ref, owner_username="cw.kasur")  # meets triage, not the FIR
    fixed_clock.advance(minutes=30)
    client = _as(kasur["cw"])
    page = client.get("/en/staff/mine/").content.decode()
    assert "An FIR is registered for a missing child" in page
    assert "1 hour 30 minutes left" in page
    fixed_clock.advance(hours=4)
    page = client.get("/en/staff/mine/").content.decode()
    assert "overdue by 2 hours 30 minutes" in page
    urdu = client.get("/ur/staff/mine/").content.decode()
    assert 'dir="rtl"' in urdu and "overdue by" not in urdu


def test_my_cases_put_the_most_urgent_first_and_cases_without_a_running_deadline_last(
    kasur, fixed_clock
):
    calm = _open(kasur["op"])
    _assign(kasur, calm, "cw.kasur")  # its only deadline (triage) is met by the assignment
    fixed_clock.advance(minutes=5)
    urgent = _open(kasur["op"], category="missing_child")
    _assign(kasur, urgent, "cw.kasur")
    page = _as(kasur["cw"]).get("/en/staff/mine/").content.decode()
    assert _ids(page, "my-cases") == [urgent, calm]
    assert "No deadline is running on this case." in page


# ---- Overdue ------------------------------------------------------------------------------------


def test_overdue_lists_the_most_overdue_first_with_the_level_escalated_so_far(kasur, fixed_clock):
    first = _open(kasur["op"])  # triage due in 3 h
    fixed_clock.advance(hours=1)
    second = _open(kasur["op"])
    fixed_clock.advance(hours=4)  # first is 2 h late, second 1 h late
    sweep()
    fixed_clock.advance(minutes=1)
    page = _as(kasur["dco"]).get("/en/staff/overdue/?scope=district").content.decode()
    assert _ids(page, "overdue-list") == [first, second]
    assert re.search(r"escalated 1×</span>\s+now with: Supervisor", page)
    assert "overdue by 2 hours 1 minute" in page


def test_overdue_scopes_mine_team_and_district_hold_what_their_help_text_says(kasur, fixed_clock):
    # Missing children: the FIR deadline (2 h) stays unmet whoever owns the case.
    mine = _open(kasur["op"], category="missing_child")
    teammates = _open(kasur["op"], category="missing_child")
    nobodys = _open(kasur["op"], category="missing_child")
    attock = _open(kasur["op.attock"], district="PK601", category="missing_child")
    _assign(kasur, mine, "cw.kasur")
    _assign(kasur, teammates, "cw2.kasur")
    _assign(kasur, attock, "cw.attock", supervisor="sup.attock")
    fixed_clock.advance(hours=5)
    client = _as(kasur["cw"])
    scopes = {
        scope: set(
            _ids(client.get(f"/en/staff/overdue/?scope={scope}").content.decode(), "overdue-list")
        )
        for scope in ("mine", "team", "district")
    }
    assert scopes == {
        "mine": {mine},
        "team": {mine, teammates},
        "district": {mine, teammates, nobodys},
    }
    team = client.get("/en/staff/overdue/?scope=team").content.decode()
    assert "everyone whose area lies within yours" in team
    assert attock in _as(kasur["cw.attock"]).get("/en/staff/overdue/?scope=mine").content.decode()


def test_a_supervisors_team_is_the_people_of_their_district_not_another(kasur):
    team = set(work_queries.team_members(kasur["sup"]).values_list("username", flat=True))
    assert {"cw.kasur", "cw2.kasur", "sup.kasur", "dco.kasur", "op.kasur"} == team


def test_overdue_opens_on_a_case_workers_own_cases_and_a_supervisors_team(kasur):
    assert (
        'id="scope-mine" aria-current="page"'
        in _as(kasur["cw"]).get("/en/staff/overdue/").content.decode()
    )
    assert (
        'id="scope-team" aria-current="page"'
        in _as(kasur["sup"]).get("/en/staff/overdue/").content.decode()
    )
    assert (
        'id="scope-district" aria-current="page"'
        in _as(kasur["dco"]).get("/en/staff/overdue/").content.decode()
    )


# ---- District board -----------------------------------------------------------------------------


def test_the_board_groups_open_cases_by_stage_in_pipeline_order_with_counts(kasur, fixed_clock):
    refs = []
    for _ in range(3):
        refs.append(_open(kasur["op"]))
        fixed_clock.advance(minutes=10)
    commands.record_stage(kasur["sup"], refs[0], stage="triaged")
    assigned = _open(kasur["op"])
    _assign(kasur, assigned, "cw.kasur")
    _open(kasur["op.attock"], district="PK601")
    columns = work_queries.board(kasur["dco"], "PK614")
    assert [c.stage for c in columns] == [stage for stage in Stage.values if stage != "closed"]
    counts = {c.stage: c.count for c in columns if c.count}
    assert counts == {"received": 2, "triaged": 1, "assigned": 1}
    received = next(c for c in columns if c.stage == "received")
    assert [c.ref for c in received.cases] == refs[1:]  # oldest first
    page = _as(kasur["dco"]).get("/en/staff/board/?district=PK614").content.decode()
    assert "4 open cases" in page
    assert (
        page.index('id="stage-received"')
        < page.index('id="stage-triaged"')
        < page.index('id="stage-assigned"')
    )


def test_a_board_column_shows_its_oldest_cases_and_links_to_the_rest_a_page_at_a_time(
    kasur, fixed_clock, monkeypatch
):
    monkeypatch.setattr(work_queries, "BOARD_COLUMN_CAP", 2)
    refs = []
    for _ in range(3):
        refs.append(_open(kasur["op"]))
        fixed_clock.advance(minutes=1)
    client = _as(kasur["sup"])
    page = client.get("/en/staff/board/").content.decode()  # opens on the supervisor's district
    assert refs[0] in page and refs[1] in page and refs[2] not in page
    assert "All 3 at this stage" in page
    stage_page = client.get("/en/staff/board/?district=PK614&stage=received").content.decode()
    assert all(ref in stage_page for ref in refs)


def test_a_district_officer_of_kasur_does_not_see_attocks_cases_anywhere(kasur, fixed_clock):
    attock = _open(kasur["op.attock"], district="PK601")
    _assign(kasur, attock, "cw.attock", supervisor="sup.attock")
    fixed_clock.advance(days=2)
    client = _as(kasur["dco"])
    refused = client.get("/en/staff/board/?district=PK601")
    assert refused.status_code == 404
    assert attock not in refused.content.decode()
    assert "You may not see that district" in refused.content.decode()
    assert 'value="PK601"' not in refused.content.decode()  # not offered in the selector
    for url in (
        "/en/staff/board/?district=PK614",
        "/en/staff/board/?district=PK601&stage=assigned",
        "/en/staff/overdue/?scope=district",
        "/en/staff/overdue/?scope=team",
        "/en/staff/mine/",
    ):
        assert attock not in client.get(url).content.decode(), url
    assert attock in _as(kasur["cw.attock"]).get("/en/staff/board/").content.decode()


# ---- Services directory -------------------------------------------------------------------------


@pytest.fixture
def directory(kasur):
    Service.objects.create(
        code="demo-kasur-medical",
        district_id="PK614",
        kind="medical",
        name="Demo hospital Kasur (synthetic)",
    )
    Service.objects.create(
        code="demo-attock-shelter",
        district_id="PK601",
        kind="shelter",
        name="Demo safe house Attock (synthetic)",
    )
    return kasur


def test_every_staff_member_reads_their_own_districts_directory_only(directory):
    for who in ("op", "cw", "sup", "dco"):
        page = _as(directory[who]).get("/en/staff/services/").content.decode()
        assert "Demo hospital Kasur (synthetic)" in page, who
        assert "Demo safe house Attock" not in page, who
    assert (
        "Demo safe house Attock"
        in _as(directory["cw.attock"]).get("/en/staff/services/").content.decode()
    )


def test_a_case_worker_may_not_add_deactivate_or_reactivate_a_service(directory):
    client = _as(directory["cw"])
    page = client.get("/en/staff/services/").content.decode()
    assert 'id="add-service"' not in page and 'value="deactivate"' not in page
    response = client.post(
        "/en/staff/services/",
        {
            "action": "add",
            "district": "PK614",
            "kind": "shelter",
            "name": "Demo shelter (synthetic)",
        },
    )
    assert response.status_code == 403
    assert (
        "Only an administrator or a district child-protection officer" in response.content.decode()
    )
    assert (
        client.post(
            "/en/staff/services/", {"action": "deactivate", "code": "demo-kasur-medical"}
        ).status_code
        == 403
    )
    assert Service.objects.count() == 2
    assert Service.objects.get(code="demo-kasur-medical").active


def test_bad_input_is_refused_whole_with_a_message_for_each_field_and_nothing_saved(directory):
    client = _as(directory["dco"])
    response = client.post(
        "/en/staff/services/",
        {"action": "add", "district": "PK614", "kind": "spa", "name": "   ", "contact": "x" * 201},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose a kind of service from the list." in page
    assert "The service&#x27;s name is required." in page
    assert "The contact is too long: at most 200 characters." in page
    assert 'aria-invalid="true"' in page
    assert Service.objects.count() == 2
    urdu = client.post(
        "/ur/staff/services/", {"action": "add", "district": "PK614", "kind": "", "name": "x"}
    )
    assert (
        urdu.status_code == 400
        and "Choose a kind of service from the list." not in urdu.content.decode()
    )
    assert Service.objects.count() == 2


def test_a_district_officer_adds_deactivates_and_reactivates_a_service_in_their_district(
    directory, caplog
):
    client = _as(directory["dco"])
    with caplog.at_level(logging.INFO, logger="nigraan.services"):
        response = client.post(
            "/en/staff/services/",
            {
                "action": "add",
                "district": "PK614",
                "kind": "legal_aid",
                "name": "Demo legal aid desk (synthetic)",
                "contact": "+92 300 0000001",
            },
        )
    assert response.status_code == 302
    service = Service.objects.get(name="Demo legal aid desk (synthetic)")
    assert (service.district_id, service.kind, service.code, service.active) == (
        "PK614",
        "legal_aid",
        "kasur-legal-aid-1",
        True,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Added “Demo legal aid desk (synthetic)” to the directory." in page
    assert (
        client.post(
            "/en/staff/services/", {"action": "deactivate", "code": service.code}
        ).status_code
        == 302
    )
    service.refresh_from_db()
    assert not service.active
    again = client.post("/en/staff/services/", {"action": "deactivate", "code": service.code})
    assert (
        again.status_code == 400 and "That service is already inactive." in again.content.decode()
    )
    assert (
        client.post(
            "/en/staff/services/", {"action": "reactivate", "code": service.code}
        ).status_code
        == 302
    )
    service.refresh_from_db()
    assert service.active
    logged = " ".join(r.getMessage() for r in caplog.records if r.name == "nigraan.services")
    assert (
        "service added: code=kasur-legal-aid-1 district=PK614 kind=legal_aid by=dco.kasur" in logged
    )
    assert "Demo legal aid desk" not in logged and "0000001" not in logged


def test_a_district_officer_may_not_change_another_districts_directory(directory):
    client = _as(directory["dco"])
    assert (
        client.post(
            "/en/staff/services/",
            {
                "action": "add",
                "district": "PK601",
                "kind": "medical",
                "name": "Demo clinic (synthetic)",
            },
        ).status_code
        == 403
    )
    assert (
        client.post(
            "/en/staff/services/", {"action": "deactivate", "code": "demo-attock-shelter"}
        ).status_code
        == 403
    )
    assert Service.objects.get(code="demo-attock-shelter").active
    assert not Service.objects.filter(name="Demo clinic (synthetic)").exists()


def test_an_administrator_of_the_country_may_change_any_districts_directory(directory, make_staff):
    admin = make_staff("admin.pk", "administrator", country=True)
    service = service_directory.add_service(
        admin, district_code="PK601", kind="psychosocial", name="Demo counselling (synthetic)"
    )
    assert service.district_id == "PK601"
    service_directory.set_service_active(admin, code="demo-kasur-medical", active=False)
    assert not Service.objects.get(code="demo-kasur-medical").active


def test_the_directory_refuses_duplicates_unknown_districts_and_control_characters(directory):
    dco = directory["dco"]
    with pytest.raises(service_directory.DirectoryRefused) as duplicate:
        service_directory.add_service(
            dco, district_code="PK614", kind="medical", name="demo HOSPITAL kasur (synthetic)"
        )
    assert "already has a service of that kind" in duplicate.value.errors["name"]
    with pytest.raises(service_directory.DirectoryRefused) as unknown:
        service_directory.add_service(
            dco, district_code="PK999", kind="medical", name="Demo (synthetic)"
        )
    assert set(unknown.value.errors) == {"district"}
    with pytest.raises(service_directory.DirectoryRefused) as control:
        service_directory.add_service(
            dco, district_code="PK614", kind="medical", name="Demo\x07clinic"
        )
    assert set(control.value.errors) == {"name"}
    with pytest.raises(PermissionDenied):
        service_directory.add_service(
            directory["cw"], district_code="PK614", kind="medical", name="Demo (synthetic)"
        )
    assert Service.objects.count() == 2


def test_a_deactivated_service_is_no_longer_offered_for_referral(directory):
    ref = _open(directory["op"])
    service_directory.set_service_active(directory["dco"], code="demo-kasur-medical", active=False)
    with pytest.raises(commands.CommandRefused):
        commands.refer_case(
            directory["cw"], ref, service_code="demo-kasur-medical", share_details=False
        )


# ---- Navigation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url,current",
    [
        ("/en/staff/mine/", "My cases"),
        ("/en/staff/overdue/", "Overdue"),
        ("/en/staff/board/", "District board"),
        ("/en/staff/", "All cases"),
        ("/en/staff/services/", "Services"),
    ],
)
def test_the_staff_navigation_marks_the_page_you_are_on(kasur, url, current):
    page = _as(kasur["cw"]).get(url).content.decode()
    nav = page[
        page.index('class="work-nav"') : page.index("</nav>", page.index('class="work-nav"'))
    ]
    assert nav.count('aria-current="page"') == 1
    assert re.search(rf'aria-current="page">{current}</a>', nav)


def test_the_public_report_form_has_no_staff_navigation(kasur):
    assert 'class="work-nav"' not in _as(kasur["cw"]).get("/en/report/").content.decode()
