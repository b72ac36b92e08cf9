"""The demo data holds one active exercise alert and one resolved alert (issue 14), published
as the real ones are: the drill on the public list marked as an exercise, the found child's
alert with its description withdrawn; the Act's clocks at different points."""

from __future__ import annotations

from django.test import Client

from nigraan.alerts.cap_xml import validate_cap
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.cases.models import Deadline
from nigraan.web.demo.load import load_demo


def test_the_demo_has_an_active_drill_and_a_resolved_alert(geography):
    load_demo(cases=3)
    rows = {row.state: row for row in PublishedAlert.objects.all()}
    assert set(rows) == {AlertState.ACTIVE, AlertState.FOUND}
    drill, found = rows[AlertState.ACTIVE], rows[AlertState.FOUND]
    assert drill.content["exercise"] and b"<status>Exercise</status>" in bytes(drill.cap_xml)
    assert not found.content["exercise"] and b"AllClear" in bytes(found.cap_xml)
    for row in (drill, found):
        validate_cap(bytes(row.cap_xml))
    listing = Client().get("/en/alerts/").content.decode()
    assert drill.reference in listing and "Exercise: not a real alert." in listing
    page = Client().get(f"/en/alerts/{found.reference}/").content.decode()
    assert "Child found" in page and "blue school uniform" not in page
    met = Deadline.objects.filter(case__ref=found.case_ref, rule_id__startswith="missing_child_")
    assert {d.rule_id for d in met if d.met_at} == {
        "missing_child_fir",
        "missing_child_police_contact",
    }
    assert load_demo(cases=3).created is False  # once
