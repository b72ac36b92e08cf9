"""Oversight's view (issue 10 item 7): the province summary's counts per district, each a link
to exactly the counted cases on "All cases"; the list's filters, combined and kept while paging;
where staff land after logging in; the board remembering its district."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext

from nigraan import clock
from nigraan.cases import commands
from nigraan.cases import events as ev
from nigraan.cases.commands.closing import had_fir
from nigraan.cases.models import Case
from nigraan.cases.sweep import sweep
from nigraan.cases.vocabulary import RELEASES
from nigraan.web import case_filters, views

pytestmark = pytest.mark.django_db

KASUR, ATTOCK = "PK614", "PK601"


def _as(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def _ids(html: str, list_id: str = "case-list") -> set[str]:
    start = html.index(f'id="{list_id}"')
    end = html.index("</ul>", start)
    return set(re.findall(r"NGR-[A-Z0-9]+", html[start:end]))


def _open(actor, district: str, category: str = "harassment") -> str:
    return commands.open_case(
        actor, channel="helpline", category=category, district_code=district
    ).ref


@pytest.fixture
def built(personas, fixed_clock):
    """A small province: in Kasur an unowned case, an owned one, one whose FIR deadline was missed
    and escalated, one closed without an FIR, one closed (with approval) after its FIR, one whose
    accused was bailed; in Attock an unowned case and one closed without an FIR."""
    p = personas.ensure("op", "cw", "sup", "dco", "police", "oversight", "op.attock", "sup.attock")
    refs = {
        "k_unowned": _open(p["op"], KASUR),
        "k_owned": _open(p["op"], KASUR),
        "k_missing": _open(p["op"], KASUR, "missing_child"),
        "k_nofir": _open(p["op"], KASUR),
        "k_fir": _open(p["op"], KASUR, "sexual_abuse"),
        "k_released": _open(p["op"], KASUR, "sexual_abuse"),
        "a_unowned": _open(p["op.attock"], ATTOCK),
        "a_nofir": _open(p["op.attock"], ATTOCK),
    }
    for key in ("k_owned", "k_missing", "k_released"):
        commands.assign_case(p["sup"], refs[key], owner_username="cw.kasur")
    fixed_clock.advance(hours=4)  # the missing child's FIR (2 h) is missed
    sweep()
    fixed_clock.advance(minutes=1)
    commands.record_stage(
        p["sup"], refs["k_nofir"], stage="closed", reason="inquiry", reason_code="not_an_offence"
    )
    commands.record_stage(
        p["sup.attock"], refs["a_nofir"], stage="closed", reason="x", reason_code="no_contact"
    )
    commands.record_stage(p["police"], refs["k_fir"], stage="fir_registered", reason="FIR 12")
    commands.request_closure(
        p["sup"], refs["k_fir"], reason_code="referred_elsewhere", reason="sent to Lahore"
    )
    commands.decide_closure(p["dco"], refs["k_fir"], approve=True)
    commands.add_accused(p["police"], refs["k_released"], relation="neighbour", name="Accused A")
    for custody in ("arrested", "bailed"):
        commands.record_custody(
            p["police"], refs["k_released"], number=1, custody=custody, basis="synthetic"
        )
    return p, refs


def _expected(case: Case, name: str) -> bool:
    """Each count's meaning, worked out case by case (the summary must agree without looping)."""
    now = clock.now()
    unmet = [d for d in case.deadlines.all() if d.met_at is None and not d.stopped]
    return {
        "open": case.is_open,
        "overdue": case.is_open and any(d.due_at <= now for d in unmet),
        "escalated": case.is_open and any(d.level > 0 for d in unmet),
        "unowned": case.is_open and case.owner_id is None,
        "flagged": case.flagged_for_oversight,
        "no_fir": not case.is_open and not had_fir(ev.case_history(case.ref)),
        "released": any(a["custody"] in RELEASES for a in case.accused),
    }[name]


def test_summary_counts_per_district_and_each_link_lists_exactly_those_cases(built):
    people, refs = built
    client = _as(people["oversight"])
    page = client.get("/en/staff/summary/").content.decode()
    kasur_ids = {refs[k] for k in refs if k.startswith("k_")}
    for district, ids in ((KASUR, kasur_ids), (ATTOCK, set(refs.values()) - kasur_ids)):
        for name in case_filters.FLAGS:
            expected = {c.ref for c in Case.objects.filter(ref__in=ids) if _expected(c, name)}
            link = re.search(rf'href="([^"]+)" id="count-{district}-{name}"', page)
            if not expected:
                assert link is None, (district, name)
                continue
            assert link, (district, name)
            count = re.search(rf'id="count-{district}-{name}">[^<]*<span class="count">(\d+)', page)
            assert count and int(count.group(1)) == len(expected), (district, name)
            listed = client.get(link.group(1).replace("&amp;", "&")).content.decode()
            assert _ids(listed) == expected, (district, name)
    # Not vacuous: every count is met by some case in Kasur, and the contrasts hold.
    for name in case_filters.FLAGS:
        assert re.search(rf'id="count-{KASUR}-{name}"', page), name
    assert refs["k_missing"] in _ids(
        client.get(f"/en/staff/?district={KASUR}&escalated=1").content.decode()
    )
    no_fir = _ids(client.get(f"/en/staff/?district={KASUR}&no_fir=1").content.decode())
    assert no_fir == {refs["k_nofir"]}  # the case closed after its FIR is flagged, not in this list


def test_oversight_finds_a_case_closed_without_an_fir_in_three_clicks(built):
    people, refs = built
    client = _as(people["oversight"])
    landing = client.get("/en/staff/home/", follow=True)
    assert landing.redirect_chain[-1][0].endswith("/staff/summary/")
    summary = landing.content.decode()
    click1 = re.search(rf'href="([^"]+)" id="count-{KASUR}-no_fir"', summary).group(1)
    listed = client.get(click1.replace("&amp;", "&")).content.decode()  # click 1
    click2 = re.search(rf'href="([^"]*{refs["k_nofir"]}/)"', listed).group(1)
    case_page = client.get(click2)  # click 2
    assert case_page.status_code == 200 and refs["k_nofir"] in case_page.content.decode()


def test_filters_combine_and_are_kept_in_the_pager(built, monkeypatch):
    people, refs = built
    client = _as(people["oversight"])

    def ids(query: str) -> set[str]:
        return _ids(client.get(f"/en/staff/?{query}").content.decode())

    assert ids(f"district={KASUR}&unowned=1") == {refs["k_unowned"]}
    assert ids("unowned=1") == {refs["k_unowned"], refs["a_unowned"]}
    assert ids("owner=cw.kasur&overdue=1") == {refs["k_missing"]}
    assigned = {refs[k] for k in ("k_owned", "k_missing", "k_released")}
    assert ids(f"owner=cw.kasur&stage=assigned&district={KASUR}") == assigned
    assert ids("flagged=1&no_fir=1") == {refs["k_nofir"], refs["a_nofir"]}
    assert ids(f"flagged=1&district={KASUR}&stage=closed") == {refs["k_nofir"], refs["k_fir"]}
    assert ids(f"district={ATTOCK}&owner=cw.kasur") == set()
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    page = client.get(f"/en/staff/?district={KASUR}&open=1").content.decode()
    nxt = re.search(r'href="([^"]+)" rel="next"', page).group(1).replace("&amp;", "&")
    assert f"district={KASUR}" in nxt and "open=1" in nxt
    second = _ids(client.get(f"/en/staff/{nxt}").content.decode())
    assert len(second) == 2 and second <= {
        refs[k] for k in ("k_unowned", "k_owned", "k_missing", "k_released")
    }
    form = client.get(f"/en/staff/?district={KASUR}&flagged=1").content.decode()
    assert re.search(r'name="flagged" value="1" checked', form)
    assert re.search(rf'<option value="{KASUR}" selected', form)


def test_the_summary_shows_only_the_viewers_districts(built, personas):
    people, refs = built
    kasur_worker = _as(people["cw"]).get("/en/staff/summary/").content.decode()
    assert (
        f'id="district-{KASUR}"' in kasur_worker and f'id="district-{ATTOCK}"' not in kasur_worker
    )
    urdu = _as(people["oversight"]).get("/ur/staff/summary/").content.decode()
    assert 'dir="rtl"' in urdu and "Province summary" not in urdu


@pytest.mark.parametrize(
    ("key", "lands_on"),
    [("cw", "/en/staff/mine/"), ("sup", "/en/staff/mine/"), ("oversight", "/en/staff/summary/")],
)
def test_staff_land_on_my_cases_and_oversight_on_the_summary(personas, key, lands_on):
    assert resolve_url(settings.LOGIN_REDIRECT_URL) == "/en/staff/home/"
    response = _as(personas[key]).get("/en/staff/home/")
    assert response.status_code == 302 and response["Location"] == lands_on


def test_the_board_opens_on_a_district_with_cases_and_remembers_the_last_one(personas):
    people = personas.ensure("op", "oversight")
    ref = _open(people["op"], KASUR)
    client = _as(people["oversight"])  # Punjab: Attock (PK601) comes first but has no case
    first = client.get("/en/staff/board/").content.decode()
    assert ref in first
    client.get(f"/en/staff/board/?district={ATTOCK}")
    again = client.get("/en/staff/board/").content.decode()
    assert re.search(rf'<option value="{ATTOCK}" selected', again) and ref not in again


def test_the_summary_costs_the_same_queries_however_many_cases(personas, fixed_clock):
    people = personas.ensure("op", "op.attock", "oversight")
    client = _as(people["oversight"])
    client.get("/en/staff/summary/")  # the session and the person, loaded once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/en/staff/summary/").status_code == 200
        return len(captured)

    _open(people["op"], KASUR)
    few = queries()
    for _ in range(5):
        _open(people["op"], KASUR)
        _open(people["op.attock"], ATTOCK)
    assert queries() == few
