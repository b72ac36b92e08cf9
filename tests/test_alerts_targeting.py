"""Targeting: an alert's circle reaches the subscribers inside it and not those outside, at
several radii and at Pakistan's edges, through the cell index rather than a scan of everyone."""

from __future__ import annotations

import math
import random

import pytest
from django.db import connection
from h3.api import basic_int as h3int

from alerts_support import KORANGI
from nigraan.alerts import h3cover
from nigraan.alerts.areas import AreaInvalid, circle_area, districts_area
from nigraan.alerts.content import Circle
from nigraan.alerts.geometry import destination, distance_km, district_at, districts_touching
from nigraan.alerts.models import Subscriber
from nigraan.alerts.selection import candidate_sql, recipients_for
from nigraan.alerts.subscribers import subscribe

# Places near each edge of Pakistan, and Korangi in dense Karachi.
EDGES = {
    "Jiwani, near the Iranian border": (25.08, 61.80),
    "Sost, near the Khunjerab pass": (36.70, 74.80),
    "Kasur, near the Indian border": (31.11, 74.43),
    "Korangi, Karachi": KORANGI,
}
_phone_numbers = iter(range(1_000_000, 9_999_999))


def _subscriber_at(lat: float, lon: float, **options) -> Subscriber:
    """A subscriber at a place; one at sea or across a border is filed under Korangi's district
    (``subscribe`` falls back to the district named when the place is in none)."""
    return subscribe(
        f"0300{next(_phone_numbers):07d}",
        language=options.pop("language", "ur"),
        opted_in_by="web",
        place=(lat, lon),
        district_code="PK712",
        **options,
    )


def _reached(circle: Circle, **options) -> set[int]:
    return {r.subscriber_id for r in recipients_for(circle_area(circle), **options)}


@pytest.mark.django_db
@pytest.mark.parametrize("place", list(EDGES))
@pytest.mark.parametrize("radius", [5.0, 20.0, 60.0, 150.0])
def test_the_circle_reaches_inside_and_not_outside(place, radius):
    lat, lon = EDGES[place]
    # A subscriber's place is kept as a ~0.1 km² cell, so stay 0.6 km clear of the edge.
    inside = [
        _subscriber_at(*destination(lat, lon, bearing, radius - 0.6)) for bearing in (0.3, 2.5)
    ]
    centre = _subscriber_at(lat, lon)
    outside = [
        _subscriber_at(*destination(lat, lon, bearing, radius + 0.6)) for bearing in (1.0, 4.0)
    ]
    reached = _reached(Circle(lat, lon, radius))
    assert {s.pk for s in [*inside, centre]} <= reached
    assert not reached & {s.pk for s in outside}


@pytest.mark.django_db
def test_subscribers_who_named_only_a_district_are_reached_when_the_circle_touches_it():
    korangi_only = subscribe("03001110001", language="en", opted_in_by="sms", district_code="PK712")
    lahore_only = subscribe("03001110002", language="ur", opted_in_by="sms", district_code="PK616")
    reached = _reached(Circle(*KORANGI, 20.0))
    assert korangi_only.pk in reached and lahore_only.pk not in reached


@pytest.mark.django_db
def test_drills_reach_test_subscribers_only_and_real_alerts_never_reach_them():
    tester = _subscriber_at(*KORANGI, is_test=True)
    public = _subscriber_at(*destination(*KORANGI, 1.0, 3.0))
    circle = Circle(*KORANGI, 20.0)
    assert _reached(circle, exercise=True) == {tester.pk}
    assert _reached(circle) == {public.pk}


@pytest.mark.django_db
def test_responders_come_first():
    public = [_subscriber_at(*destination(*KORANGI, b, 2.0)) for b in (0.1, 0.2, 0.3)]
    responder = _subscriber_at(*destination(*KORANGI, 3.0, 9.0), is_responder=True)
    order = [r.subscriber_id for r in recipients_for(circle_area(Circle(*KORANGI, 20.0)))]
    assert order[0] == responder.pk and sorted(order[1:]) == sorted(s.pk for s in public)


@pytest.mark.django_db
def test_chosen_districts_reach_everyone_subscribed_there():
    kasur_place = _subscriber_at(*EDGES["Kasur, near the Indian border"])
    kasur_named = subscribe("03002220001", language="ur", opted_in_by="sms", district_code="PK614")
    karachi = _subscriber_at(*KORANGI)
    area = districts_area(["PK614"])
    reached = {r.subscriber_id for r in recipients_for(area)}
    assert reached == {kasur_place.pk, kasur_named.pk} and karachi.pk not in reached
    with pytest.raises(AreaInvalid):
        districts_area(["PK999"])


@pytest.mark.django_db
def test_the_query_reads_candidates_through_the_cell_index_not_everyone():
    rng = random.Random(14)
    inside = [
        _subscriber_at(*destination(*KORANGI, rng.uniform(0, 2 * math.pi), rng.uniform(0, 19)))
        for _ in range(30)
    ]
    # 300 subscribers elsewhere in Pakistan (Lahore, Peshawar, Quetta): never candidates.
    for lat, lon in ((31.52, 74.36), (34.01, 71.58), (30.18, 67.00)):
        for _ in range(100):
            _subscriber_at(*destination(lat, lon, rng.uniform(0, 2 * math.pi), rng.uniform(0, 30)))
    circle = Circle(*KORANGI, 20.0)
    ranges = h3cover.circle_ranges(circle)
    sql, params = candidate_sql(ranges, exercise=False, responders=False)
    assert sql.count("BETWEEN") == len(ranges) > 1 and len(params) == 2 * len(ranges)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        candidates = {row[0] for row in cursor.fetchall()}
        assert Subscriber.objects.count() == 330
        assert 30 <= len(candidates) <= 35  # the inside ones, and at most a few near the edge
        assert {s.pk for s in inside} <= candidates
        assert _plan(cursor, sql, params) == "index", _plan(cursor, sql, params)


def _plan(cursor, sql: str, params: list[int]) -> str:
    """ "index" if the database answers the query from an index, "scan" if it reads the table."""
    if connection.vendor == "sqlite":
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        steps = [str(row[-1]) for row in cursor.fetchall()]
        scans = [s for s in steps if s.startswith("SCAN") and "USING" not in s]
        uses = [s for s in steps if "USING INDEX alert_subscriber_cell" in s]
        return "index" if uses and not scans else f"scan: {steps}"
    # PostgreSQL may rightly prefer reading a 330-row table whole; with sequential scans priced
    # out, it shows whether the query can be answered from the index at all.
    cursor.execute("SET LOCAL enable_seqscan = off")
    cursor.execute("EXPLAIN " + sql, params)
    plan = " ".join(str(row[0]) for row in cursor.fetchall())
    return "index" if "alert_subscriber_cell" in plan and "Seq Scan" not in plan else plan


def test_the_covering_ranges_hold_every_cell_inside_at_every_radius():
    rng = random.Random(7)
    for lat, lon in EDGES.values():
        for radius in (1.0, 5.0, 20.0, 35.0, 60.0, 100.0, 150.0):
            circle = Circle(lat, lon, radius)
            ranges = h3cover.circle_ranges(circle)
            assert len(ranges) <= 200
            for _ in range(300):
                # Points near the edge, where a cell could slip out of the covering.
                point = destination(
                    lat, lon, rng.uniform(0, 2 * math.pi), radius * rng.uniform(0.9, 1.0)
                )
                cell = h3cover.subscriber_cell(*point)
                if h3cover.inside(circle, cell):
                    assert any(low <= cell <= high for low, high in ranges), (circle, point)


def test_a_cells_range_is_exactly_its_resolution_9_descendants():
    for resolution in (4, 6, 8):
        parent = h3int.latlng_to_cell(*KORANGI, resolution)
        children = h3int.cell_to_children(parent, h3cover.STORAGE_RESOLUTION)
        low, high = h3cover.descendant_range(parent)
        assert (low, high) >= (min(children), max(children)) and low == min(children)
        assert high >= max(children)
        neighbours = set(h3int.grid_disk(parent, 1)) - {parent}
        for neighbour in neighbours:
            for child in h3int.cell_to_children(neighbour, h3cover.STORAGE_RESOLUTION)[:50]:
                assert not low <= child <= high


@pytest.mark.django_db
def test_districts_and_places_come_from_nigraans_geography():
    assert district_at(*KORANGI) == "PK712"
    touched = districts_touching(Circle(*KORANGI, 20.0))
    assert "PK712" in touched and "PK616" not in touched
    assert len(districts_touching(Circle(*KORANGI, 150.0))) > len(touched)
    assert distance_km(*KORANGI, *destination(*KORANGI, 1.0, 20.0)) == pytest.approx(20.0, 1e-6)
    with pytest.raises(AreaInvalid):
        circle_area(Circle(10.0, 10.0, 20.0))  # in Africa: no district of Pakistan
