"""An alert sent to districts chosen by staff instead of the circle (issue 14, item 2): chosen in
the draft (sealed in case.alert_drafted with the rest of the content), used on approval (CAP area
with each district's P-code as a geocode, one SMS per subscriber in those districts and none
outside), kept by updates. Synthetic data: a fictional child in Kasur."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from nigraan.alerts import workflow
from nigraan.alerts.cap_xml import validate_cap
from nigraan.alerts.models import PublishedAlert
from nigraan.alerts.subscribers import subscribe
from nigraan.cases import crypto
from nigraan.cases.commands import CommandRefused, case_data_key
from nigraan.cases.models import Case
from nigraan.ledger.encoding import decode_leaf
from nigraan.ledger.models import Event
from personas import ATTOCK, KASUR, LAHORE, Personas
from test_alerts_workflow import (
    FAR_POINT,
    KASUR_POINT,
    _alert_sms,
    _open,
    all_yes,
    draft_fields,
)

LAHORE_POINT = (31.5204, 74.3587)  # Lahore: inside a circle around Kasur, not a chosen district


@pytest.fixture
def people(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco")


def _subscribers() -> None:
    subscribe("03001110001", language="en", opted_in_by="sms", place=KASUR_POINT)
    subscribe("03001110002", language="ur", opted_in_by="sms", district_code=KASUR)
    subscribe("03001110003", language="ur", opted_in_by="sms", district_code=ATTOCK)
    subscribe("03001110004", language="en", opted_in_by="sms", place=LAHORE_POINT)
    subscribe("03001110005", language="ur", opted_in_by="sms", place=FAR_POINT)
    subscribe("03001110006", language="en", opted_in_by="sms", district_code=LAHORE)


def test_chosen_districts_reach_their_subscribers_only_and_are_cap_geocodes(people):
    _subscribers()
    ref = _open(people)
    fields = {**draft_fields(), "districts": [ATTOCK, KASUR]}
    row = workflow.draft_alert(people["cw"], ref, fields)
    leaf = Event.objects.get(case_ref=ref, kind="case.alert_drafted").leaf
    data = json.loads(decode_leaf(leaf).data_json)
    assert set(data) == {"alert", "content"} and KASUR not in leaf  # sealed, as the point is
    key = case_data_key(Case.objects.get(ref=ref))
    sealed = json.loads(crypto.open_sealed(key, ref, "alert_content", data["content"]))
    assert sealed["districts"] == [ATTOCK, KASUR]

    row = workflow.approve_alert(people["sup"], ref, all_yes())
    assert row.area["chosen"] and row.area["districts"] == [ATTOCK, KASUR]
    sms = _alert_sms()
    assert len(sms) == 3  # Kasur (a point, a district) and Attock; not Lahore, not Karachi
    assert len({message.idempotency_key for message in sms}) == 3
    issued = Event.objects.get(case_ref=ref, kind="case.alert_issued").leaf
    assert json.loads(decode_leaf(issued).data_json)["radius_km"] == "0"

    cap = Client().get(f"/alerts/{row.cap_identifier}.xml").content
    validate_cap(cap)
    assert b"<circle>" not in cap
    for code in (ATTOCK, KASUR):
        assert f"<value>{code}</value>".encode() in cap
    for lang, names in (("en", "Attock, Kasur"), ("ur", "اٹک، قصور")):  # the public page says where
        page = Client().get(f"/{lang}/alerts/{row.reference}/").content.decode()
        assert names in page and "PK6" not in page.split('id="districts-')[1].split("</span>")[0]

    row = workflow.update_alert(people["sup"], ref, {"description_en": "Now in a blue frock."})
    assert row.area["chosen"] and row.area["districts"] == [ATTOCK, KASUR]
    assert len(_alert_sms()) == 6  # the new description to the same three
    validate_cap(Client().get(f"/alerts/{row.cap_identifier}.xml").content)
    with pytest.raises(CommandRefused, match="chosen districts"):
        workflow.update_alert(people["sup"], ref, {}, radius_km="80")
    row = workflow.alert_found(people["cw"], ref)
    assert len(_alert_sms()) == 9


def test_unknown_district_codes_are_refused(people):
    ref = _open(people)
    with pytest.raises(CommandRefused, match="Unknown district codes: PK999"):
        workflow.draft_alert(people["cw"], ref, {**draft_fields(), "districts": ["PK999"]})
    assert not PublishedAlert.objects.filter(case_ref=ref).exists()


def _page(staff, ref: str, data: dict | None = None, lang: str = "en") -> str:
    browser = Client()
    browser.force_login(staff)
    url = f"/{lang}/staff/cases/{ref}/"
    response = browser.post(url, data) if data is not None else browser.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_draft_form_offers_the_provinces_districts_and_refuses_unknown_ones(people):
    _subscribers()
    ref = _open(people)
    form = _page(people["cw"], ref)
    assert 'id="alert-districts"' in form and f'value="{LAHORE}"' in form
    assert 'value="PK712"' not in form  # Korangi, Sindh: not the case's province
    refused = _page(
        people["cw"], ref, {"action": "alert_draft", **draft_fields(), "districts": ["PK999"]}, "ur"
    )
    assert "PK999" in refused and "نامعلوم" in refused
    data = {"action": "alert_draft", **draft_fields(), "districts": [KASUR, LAHORE]}
    assert "Alert drafted" in _page(people["cw"], ref, data)
    answers = {f"criterion_{key}": "yes" for key in all_yes()}
    issued = _page(people["sup"], ref, {"action": "alert_approve", **answers})
    assert "Alert approved and issued" in issued and 'id="radius_km"' not in issued
    assert len(_alert_sms()) == 4  # Kasur two, Lahore two; not Attock, not Karachi
