"""Issue 13's Done-when, end to end against the local outlet server: feeds → articles → incidents
→ a reviewer confirms one on the press page → it is linked to a case; another confirmed incident
with no case shows on the per-district list after N days and escalates like a missed deadline
(district officer, then oversight); an Urdu article yields an incident, and a case is opened from
it (channel "press"). Every change is an event on the ledger's PRESS chain, which verifies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from media_outlets import outlet_server
from media_press_world import build_world
from nigraan import clock
from nigraan.cases import commands as case_commands
from nigraan.cases.models import Case
from nigraan.ledger.models import Event
from nigraan.ledger.verify import verify_ledger
from nigraan.media.ingest.outlets import load_outlets
from nigraan.media.ingest.run import ingest
from nigraan.media.models import Article, Incident
from nigraan.media.review import commands
from nigraan.notify.models import StaffNotice
from nigraan.tasks import sweep_deadlines

START = dt.datetime(2026, 10, 6, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def world(rules_copy):
    with outlet_server() as server:
        yield build_world(server, rules_copy)


def _incident(world, name: str) -> Incident:
    return Article.objects.get(url=world.urls[name]).incident_sources.get().incident


def _url(name: str, **kwargs) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def _press_kinds() -> list[str]:
    return list(
        Event.objects.filter(case_ref="PRESS").order_by("seq").values_list("kind", flat=True)
    )


def _sweep() -> int:
    """The periodic sweep (cases' deadlines too); how many press escalations it made."""
    before = _press_kinds().count("press.escalated")
    sweep_deadlines()
    return _press_kinds().count("press.escalated") - before


def _unlinked_escalates(client, oversight, jhang, marriage, abduction) -> None:
    """Oversight confirms Jhang's child marriage; nobody links it: after N days it is listed and
    climbs the chain, one level per sweep that finds it due."""
    commands.set_status(oversight, marriage.pk, "confirmed", "two papers, police confirmed")
    confirmed_at = Incident.objects.get(pk=marriage.pk).confirmed_at
    client.force_login(oversight)
    unlinked = _url("web:press_unlinked")
    assert f"unlinked-incident-{marriage.pk}" not in client.get(unlinked).content.decode()
    later = confirmed_at + dt.timedelta(days=3, minutes=1)
    with clock.frozen_at(later):
        page = client.get(unlinked).content.decode()
        assert f"unlinked-incident-{marriage.pk}" in page
        assert f"unlinked-incident-{abduction.pk}" not in page  # it has a case
        assert _sweep() == 1
    assert StaffNotice.objects.filter(staff=jhang, kind="press_unlinked").count() == 1
    assert not StaffNotice.objects.filter(staff=oversight, kind="press_unlinked").exists()
    with clock.frozen_at(later + dt.timedelta(hours=1)):
        assert _sweep() == 0  # a level is reached once
    with clock.frozen_at(later + dt.timedelta(days=3)):
        assert _sweep() == 1
        assert _sweep() == 0  # two levels: the district, then oversight
    assert StaffNotice.objects.filter(staff=oversight, kind="press_unlinked").count() == 1
    assert Incident.objects.get(pk=marriage.pk).escalation_level == 2


@pytest.mark.django_db
def test_press_to_case_and_unlinked_incidents_escalate(
    world, geography, make_staff, client, settings
):
    settings.NIGRAAN_PRESS_UNLINKED_DAYS = 3
    with clock.frozen_at(START) as frozen:
        ingest(load_outlets(world.rules), sleep=lambda seconds: frozen.advance(seconds=seconds))
    abduction, marriage, urdu = (_incident(world, n) for n in ("abduction", "marriage", "urdu"))
    assert abduction.district_code == "PK614" and urdu.district_code == "PK626"
    assert urdu.offence == "rape"  # the Urdu brief's incident
    kasur = make_staff("do.kasur", "district_officer", district="PK614")
    okara = make_staff("do.okara", "district_officer", district="PK626")
    jhang = make_staff("do.jhang", "district_officer", district=marriage.district_code)
    oversight = make_staff("oversight.pk", "oversight", country=True)
    helpline = make_staff("helpline.kasur", "helpline_operator", district="PK614")
    existing = case_commands.open_case(
        helpline, channel="helpline", category="missing_child", district_code="PK614"
    )

    # Kasur's officer sees the abduction among new incidents, not Okara's or Jhang's.
    client.force_login(kasur)
    page = client.get(_url("web:press_list")).content.decode()
    assert f'id="press-{abduction.pk}"' in page and f'id="press-{urdu.pk}"' not in page
    assert client.get(_url("web:press_incident", incident_id=urdu.pk)).status_code == 404
    detail = _url("web:press_incident", incident_id=abduction.pk)
    assert "Chunian" in client.get(detail).content.decode()
    # Confirm, correct a field, link to the case the helpline opened.
    assert client.post(detail, {"action": "status", "status": "confirmed"}).status_code == 302
    client.post(detail, {"action": "edit", "field": "perpetrators_count", "value": "2"})
    client.post(detail, {"action": "link", "case_ref": existing.ref})
    abduction.refresh_from_db()
    assert abduction.status == "confirmed" and abduction.case_ref == existing.ref
    assert abduction.perpetrators_count == 2 and abduction.overrides == {"perpetrators_count": 2}
    refused = client.post(detail, {"action": "edit", "field": "victim_ages", "value": "twelve"})
    assert refused.status_code == 200 and 'id="press-error"' in refused.content.decode()

    # Okara's officer confirms the Urdu incident and opens a press-sourced case from it.
    client.force_login(okara)
    urdu_page = _url("web:press_incident", incident_id=urdu.pk)
    client.post(urdu_page, {"action": "status", "status": "confirmed"})
    client.post(urdu_page, {"action": "open"})
    urdu.refresh_from_db()
    opened = Case.objects.get(ref=urdu.case_ref)
    assert (opened.channel, opened.category, opened.district_id) == (
        "press",
        "sexual_abuse",
        "PK626",
    )

    _unlinked_escalates(client, oversight, jhang, marriage, abduction)
    assert _press_kinds() == [
        "press.status_set",
        "press.field_edited",
        "press.linked",
        "press.status_set",
        "press.linked",
        "press.status_set",
        "press.escalated",
        "press.escalated",
    ]
    assert verify_ledger(projections=True).ok


@pytest.mark.django_db
def test_only_press_reviewers_of_the_place_may_change_an_incident(
    world, geography, make_staff, client
):
    with clock.frozen_at(START) as frozen:
        ingest(load_outlets(world.rules), sleep=lambda seconds: frozen.advance(seconds=seconds))
    abduction, urdu = _incident(world, "abduction"), _incident(world, "urdu")
    worker = make_staff("cw.kasur", "case_worker", district="PK614")
    okara = make_staff("do.okara", "district_officer", district="PK626")
    client.force_login(worker)
    assert client.get(_url("web:press_incident", incident_id=abduction.pk)).status_code == 404
    assert 'id="press-not-yours"' in client.get(_url("web:press_list")).content.decode()
    for actor in (worker, okara):
        with pytest.raises(commands.PermissionDenied):
            commands.set_status(actor, abduction.pk, "confirmed")
    # Merging: the Urdu incident cannot be merged by Okara's officer into Kasur's incident.
    with pytest.raises(commands.PermissionDenied):
        commands.merge(okara, urdu.pk, abduction.pk)
    assert _press_kinds() == []


@pytest.mark.django_db
def test_a_reviewers_merge_and_correction_survive_a_later_article(world, geography, make_staff):
    with clock.frozen_at(START) as frozen:
        ingest(load_outlets(world.rules), sleep=lambda seconds: frozen.advance(seconds=seconds))
    abduction, marriage = _incident(world, "abduction"), _incident(world, "marriage")
    oversight = make_staff("oversight.pk", "oversight", country=True)
    commands.edit_field(oversight, abduction.pk, "victim_ages", "11")
    target = commands.merge(oversight, marriage.pk, abduction.pk)
    marriage.refresh_from_db()
    assert marriage.status == "merged" and marriage.merged_into_id == abduction.pk
    assert target.sources.count() == 4 and target.victim_ages == [11]
    with pytest.raises(commands.ReviewRefused):
        commands.set_status(oversight, marriage.pk, "confirmed")
    with pytest.raises(commands.ReviewRefused):
        commands.edit_field(oversight, abduction.pk, "district_code", "PK999")
    assert _press_kinds() == ["press.field_edited", "press.merged"]


@pytest.mark.django_db
def test_the_list_shows_each_reviewer_the_incidents_of_their_places(
    world, geography, make_staff, client
):
    with clock.frozen_at(START) as frozen:
        ingest(load_outlets(world.rules), sleep=lambda seconds: frozen.advance(seconds=seconds))
    abduction, urdu = _incident(world, "abduction"), _incident(world, "urdu")
    punjab = make_staff("sup.punjab", "supervisor", province="PK6")
    sindh = make_staff("sup.sindh", "supervisor", province="PK7")
    for staff, shown in ((punjab, True), (sindh, False)):
        client.force_login(staff)
        page = client.get(_url("web:press_list")).content.decode()
        assert (f'id="press-{abduction.pk}"' in page) is shown
        assert (f'id="press-{urdu.pk}"' in page) is shown
