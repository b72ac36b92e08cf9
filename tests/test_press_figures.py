"""Press figures (issue 13 item 5): confirmed incidents of the reader's places counted by
offence, victims' gender and age band, province, top districts, relation and police action, by
the year the press first reported them, each area beside Nigraan's own cases; unconfirmed
incidents are not counted but announced; other places and other years stay out."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from nigraan import clock
from nigraan.cases import commands
from nigraan.media.figures import age_band
from nigraan.media.models import Incident

KASUR, ATTOCK, KARACHI_EAST = "PK614", "PK601", "PK701"


def _incident(status: str, district: str, **fields) -> Incident:
    now = clock.now()
    names = {KASUR: ("Kasur", "Punjab"), ATTOCK: ("Attock", "Punjab"), KARACHI_EAST: ("", "Sindh")}
    district_name, province = names[district]
    values = {
        "offence": "rape",
        "victims": 1,
        "victim_ages": [],
        "victim_genders": [],
        "district": district_name,
        "province": province,
        "district_code": district,
        "first_reported_on": dt.date(2026, 1, 10),
        "perpetrator_relation": "",
        "police_action": "",
    }
    values.update(fields)
    return Incident.objects.create(status=status, created_at=now, updated_at=now, **values)


@pytest.fixture
def press(personas, fixed_clock):
    p = personas.ensure("op", "oversight", "dco", "cw")
    for _ in range(2):  # two cases of Nigraan's own in Kasur this year
        commands.open_case(
            p["op"], channel="helpline", category="sexual_abuse", district_code=KASUR
        )
    confirmed = "confirmed"
    _incident(confirmed, KASUR, victims=2, victim_ages=[4, 12], victim_genders=["female", "male"])
    _incident(confirmed, KASUR, offence="abduction", victim_ages=[16], victim_genders=["female"])
    _incident(
        confirmed,
        ATTOCK,
        offence="abduction",
        victim_genders=["female"],
        perpetrator_relation="neighbour",
        police_action="fir_registered",
    )
    _incident("new", KASUR)  # awaits review: announced, not counted
    _incident("not_relevant", KASUR)
    _incident(confirmed, KASUR, first_reported_on=dt.date(2025, 12, 30))  # the year before
    _incident(confirmed, KARACHI_EAST)  # Sindh: not Punjab's oversight's
    return p


def _page(user, language: str = "en", year: str = "2026") -> tuple[str, object]:
    client = Client()
    client.force_login(user)
    with translation.override(language):
        url = reverse("web:press_figures")
    response = client.get(url, {"year": year})
    assert response.status_code == 200
    return response.content.decode(), response.context["figures"]


def _table(figures, key: str) -> dict[str, tuple[int, int | None]]:
    table = next(t for t in figures.tables if t.key == key)
    return {str(row.label): (row.press, row.cases) for row in table.rows}


def test_age_bands_follow_cruel_numbers():
    assert [age_band(a) for a in (0, 5, 6, 10, 11, 15, 16, 18, 19, None, True)] == [
        "0–5",
        "0–5",
        "6–10",
        "6–10",
        "11–15",
        "11–15",
        "16–18",
        "16–18",
        "unknown",
        "unknown",
        "unknown",
    ]


def test_oversight_sees_its_provinces_confirmed_incidents_beside_cases(press):
    html, figures = _page(press["oversight"])
    assert figures.confirmed == 3 and figures.awaiting_review == 1
    assert _table(figures, "offence") == {"Abduction": (2, None), "Rape": (1, None)}
    assert _table(figures, "gender") == {"Girls and women": (3, None), "Boys and men": (1, None)}
    assert _table(figures, "age") == {
        "0–5": (1, None),
        "6–10": (0, None),
        "11–15": (1, None),
        "16–18": (1, None),
        "Not known": (1, None),
    }
    assert _table(figures, "province") == {"Punjab": (3, 2)}
    assert _table(figures, "districts") == {"Kasur": (2, 2), "Attock": (1, 0)}
    assert _table(figures, "relation") == {"Not known": (2, None), "Neighbour": (1, None)}
    assert _table(figures, "police") == {"Not known": (2, None), "FIR registered": (1, None)}
    assert "1 more awaits review and is not counted." in html
    assert re.search(r"Sindh", html) is None


def test_a_district_officer_counts_only_the_district_and_other_years_stay_apart(press):
    _html, figures = _page(press["dco"])
    assert figures.confirmed == 2
    assert _table(figures, "districts") == {"Kasur": (2, 2)}
    _html, earlier = _page(press["dco"], year="2025")
    assert earlier.confirmed == 1 and _table(earlier, "districts") == {"Kasur": (1, 0)}
    _html, refused = _page(press["dco"], year="1999")  # not a year offered: this year
    assert refused.year == 2026


def test_in_urdu_and_refused_to_a_case_worker(press):
    html, figures = _page(press["oversight"], "ur")
    assert "قصور" in html and "Kasur" not in html.split("<main", 1)[-1]
    assert figures.confirmed == 3
    client = Client()
    client.force_login(press["cw"])
    with translation.override("en"):
        response = client.get(reverse("web:press_figures"))
    assert response.status_code == 200 and response.context["figures"] is None
    assert 'id="press-not-yours"' in response.content.decode()
