"""Pakistan's geography loads whole and idempotently; the gazetteer places free text on
districts."""

from __future__ import annotations

import json

import pytest

from nigraan.geo.gazetteer import candidates, place_district
from nigraan.geo.load import load_geography
from nigraan.geo.models import District, Province, Tehsil

pytestmark = pytest.mark.django_db
KARACHI_DISTRICTS = {"PK702", "PK704", "PK712", "PK714", "PK721", "PK729"}


def test_every_province_district_and_tehsil_is_loaded_with_urdu_names_and_centroids(geography):
    assert (Province.objects.count(), District.objects.count(), Tehsil.objects.count()) == (
        7,
        160,
        577,
    )
    for district in District.objects.all():
        assert district.name_ur and not district.name_ur.isascii(), district.code
        assert 23.5 < district.lat < 37.5 and 60.5 < district.lon < 78, district.code
        assert json.loads(district.boundary)["type"] in {"Polygon", "MultiPolygon"}
        assert district.code.startswith(district.province_id)
    assert District.objects.get(code="PK614").name_en == "Kasur"
    assert District.objects.get(code="PK614").name_ur == "قصور"


def test_loading_twice_changes_nothing(geography):
    before = list(
        District.objects.values_list("code", "name_en", "name_ur", "lat", "lon").order_by("code")
    )
    summary = load_geography()
    assert (summary.provinces, summary.districts, summary.tehsils, summary.boundaries) == (
        7,
        160,
        577,
        160,
    )
    assert (
        list(
            District.objects.values_list("code", "name_en", "name_ur", "lat", "lon").order_by(
                "code"
            )
        )
        == before
    )


@pytest.mark.parametrize(
    "text,code",
    [
        ("Kasur", "PK614"),
        ("kasur", "PK614"),
        ("qasur", "PK614"),
        ("Qasoor", "PK614"),
        ("District Kasur", "PK614"),
        ("Kasur District", "PK614"),
        ("ضلع قصور", "PK614"),
        ("قصور", "PK614"),
        ("Lahore, Punjab", "PK617"),
        ("lahore punjab pakistan", "PK617"),
        ("لاہور", "PK617"),
        ("D.I. Khan", "PK509"),
        ("DI Khan", "PK509"),
        ("Dera Ismail Khan", "PK509"),
        ("Sheikhupura", "PK633"),
        ("Sheikhpura", "PK633"),
        ("Nawabshah", "PK719"),
        ("Mirpurkhas", "PK716"),
        ("Layyah", "PK618"),
        ("Leiah", "PK618"),
        ("Vihari", "PK636"),
        ("Vehari", "PK636"),
        ("Jacobabad", "PK707"),
        ("Kambar Shahdad Kot", "PK709"),
        ("Qambar Shahdadkot", "PK709"),
        ("Umerkot", "PK728"),
        ("Umer Kot", "PK728"),
        ("Chunian", "PK614"),
        ("Hyderabad, Sindh", "PK706"),
        ("پشاور", "PK528"),
        ("Peshawar", "PK528"),
        ("کوئٹہ", "PK226"),
        ("Quetta", "PK226"),
        ("Lyallpur", "PK608"),
        ("Pindi", "PK630"),
        ("DG Khan", "PK607"),
        ("Rawalpindee", "PK630"),
        ("Peshawer", "PK528"),
        ("ضلع تھرپارکر", "PK726"),
        ("Tharparkar", "PK726"),
    ],
)
def test_place_names_land_on_the_right_district(geography, text, code):
    match = place_district(text)
    assert match is not None and match.district_code == code, (text, match)


@pytest.mark.parametrize("text", ["Karachi", "کراچی"])
def test_a_city_spanning_several_districts_is_not_guessed(geography, text):
    assert place_district(text) is None
    assert {m.district_code for m in candidates(text, limit=10)} == KARACHI_DISTRICTS


@pytest.mark.parametrize("text", ["asdfgh", "", "   ", "12345", "x" * 400])
def test_garbage_places_nowhere(geography, text):
    assert place_district(text) is None


def test_the_place_api_answers_with_the_district_and_candidates(client, geography):
    body = client.get("/api/v1/geo/place", {"q": "Qasoor"}).json()
    assert body["district"]["district"] == "PK614" and body["district"]["name_ur"] == "قصور"
    body = client.get("/api/v1/geo/place", {"q": "Karachi"}).json()
    assert body["district"] is None and body["ambiguous"] and len(body["candidates"]) == 6
    assert client.get("/api/v1/geo/place").status_code == 400


def test_district_and_boundary_endpoints(client, geography):
    body = client.get("/api/v1/geo/districts/PK614").json()
    assert body["name_en"] == "Kasur" and {t["name_en"] for t in body["tehsils"]} >= {
        "Chunian",
        "Kasur",
    }
    feature = client.get("/api/v1/geo/districts/PK614/boundary").json()
    assert feature["type"] == "Feature" and feature["geometry"]["type"] in {
        "Polygon",
        "MultiPolygon",
    }
    assert client.get("/api/v1/geo/districts/PK999").status_code == 404
    assert len(client.get("/api/v1/geo/districts", {"province": "PK6"}).json()["districts"]) == 36
    assert client.get("/api/v1/geo/districts", {"province": "XX"}).status_code == 400
    assert len(client.get("/api/v1/geo/provinces").json()["provinces"]) == 7
