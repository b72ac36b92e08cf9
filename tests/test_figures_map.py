"""The figures map, charts and live figures: a server-rendered SVG of the districts on the national
and province pages, each district a link with a title, coloured by one measure in a few classes,
small and withheld cells never in a number's colour; the funnel and the clocks as bars beside the
legal deadlines; live national and provincial counts, rounded and marked as not a release."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.db import transaction
from lxml import etree

from figures_histories import write_case
from nigraan import clock
from nigraan.cases.models import Case
from nigraan.cases.rules import current_rules
from nigraan.geo.models import District
from nigraan.stats.live import forget_live_figures, rounded
from nigraan.stats.publish import publish
from nigraan.stats.release import Period
from nigraan.web.figures_charts import CLOCK_DEADLINES
from nigraan.web.figures_map import FILLS, SHAPES, class_bounds

SVG = "{http://www.w3.org/2000/svg}"
# Kasur (PK614) gets 12 reports, Lahore (PK617) exactly 2, Badin (PK701) 7: Lahore's is a small
# count, and disclosure control withholds what would give it away
PLACES = [("PK614", "PK6")] * 12 + [("PK617", "PK6")] * 2 + [("PK701", "PK7")] * 7
NUMBER_FILLS = {FILLS[f"m-c{n}"] for n in range(1, 5)}


@pytest.fixture
def release(db):
    with transaction.atomic():
        for number, place in enumerate(PLACES):
            steps = [(5, ("stage", "fir_registered", False))] if number % 2 else []
            write_case(number, ("web", "sexual_abuse", place, "5-9", "female", 45, steps))
    return publish(Period.parse("month:2026-01")).release


def _map(html: str) -> etree._Element:
    start = html.index('<svg class="map"')
    end = html.index("</svg>", start) + len("</svg>")
    svg = html[start:end].replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return etree.fromstring(svg.encode())  # the map is well-formed XML


def _districts(svg: etree._Element) -> dict[str, tuple[str, str]]:
    """District code → (its title, its fill)."""
    found = {}
    for link in svg.iter(f"{SVG}a"):
        code = link.attrib["href"].rstrip("/").rsplit("/", 1)[1]
        found[code] = (link.find(f"{SVG}title").text, link.find(f"{SVG}path").attrib["fill"])
    return found


@pytest.mark.parametrize("language", ["en", "ur"])
def test_national_map_draws_every_district_as_a_titled_link(client, release, language):
    html = client.get(f"/{language}/figures/").content.decode()
    districts = _districts(_map(html))
    assert set(districts) == set(District.objects.values_list("code", flat=True))
    numbers = {code: title for code, (title, fill) in districts.items() if fill in NUMBER_FILLS}
    assert numbers, "some district is coloured as a number"
    assert 'href="month/2026-01/area/PK614/"' in html  # relative to /<lang>/figures/
    assert districts["PK101"] == (districts["PK101"][0], FILLS["m-zero"])  # zero stays zero
    assert districts["PK101"][0].endswith(": 0")
    if language == "ur":
        assert districts["PK617"][0].startswith("لاہور") and "نقشہ" in html
    # the same figures as a table beside it, row for row
    table = html[html.index('<details id="map-table"') :]
    for title, _fill in districts.values():
        name, text = title.rsplit(": ", 1)
        assert f"{name}</a></td><td>{text}</td>" in table


def test_small_and_withheld_cells_are_never_coloured_as_numbers(client, release):
    for language in ("en", "ur"):
        districts = _districts(_map(client.get(f"/{language}/figures/").content.decode()))
        title, fill = districts["PK617"]  # Lahore: 2 reports
        assert fill == FILLS["m-small"] and not title.endswith(": 2")
        for title, fill in districts.values():
            if fill in NUMBER_FILLS:
                assert re.search(r": [\d,]+$", title), title
            else:
                assert fill in {FILLS[k] for k in ("m-zero", "m-small", "m-withheld", "m-none")}


def test_province_map_shows_its_own_districts_and_the_table_has_every_mapped_measure(
    client, release
):
    html = client.get("/ur/figures/month/2026-01/area/PK6/").content.decode()
    svg = _map(html)
    districts = _districts(svg)
    assert set(districts) == set(
        District.objects.filter(province_id="PK6").values_list("code", flat=True)
    )
    assert 'href="../PK614/"' in html
    assert districts["PK617"][1] == FILLS["m-small"]
    box = [int(n) for n in svg.attrib["viewBox"].split()]
    assert box[2] < 1000  # fitted to the province, not the country
    assert html.count('<th scope="col">') == 5  # area, and the map's four measures
    district_page = client.get("/en/figures/month/2026-01/area/PK614/").content.decode()
    assert 'class="map"' not in district_page


def test_the_map_can_be_coloured_by_another_measure(client, release):
    html = client.get("/en/figures/month/2026-01/?map=firs").content.decode()
    assert '<strong aria-current="true">FIRs registered</strong>' in html
    firs = {code: title for code, (title, _fill) in _districts(_map(html)).items()}
    reports = _districts(_map(client.get("/en/figures/month/2026-01/").content.decode()))
    assert firs["PK101"] == "Bagh: 0" and firs != {c: t for c, (t, _f) in reports.items()}
    # anything else is the default, not an error
    assert client.get("/en/figures/month/2026-01/?map=nothing").status_code == 200


def test_classes_split_the_shown_numbers_and_each_holds_one():
    assert class_bounds([]) == []
    assert class_bounds([0, 0]) == []
    assert class_bounds([7]) == [(7, 7)]
    bounds = class_bounds([5, 6, 9, 12, 30, 31, 200, 0])
    assert bounds[0][0] == 5 and bounds[-1][1] == 200 and len(bounds) == 4
    assert all(low <= high for low, high in bounds)
    assert all(a[1] < b[0] for a, b in zip(bounds, bounds[1:], strict=False))


def test_the_committed_shapes_are_small_and_cover_every_district(db):
    document = json.loads(SHAPES.read_text(encoding="utf-8"))
    assert SHAPES.stat().st_size < 40_000
    assert set(document["districts"]) == set(District.objects.values_list("code", flat=True))


def test_funnel_and_clocks_are_bars_beside_the_legal_deadlines(client, release):
    html = client.get("/en/figures/month/2026-01/area/PK6/").content.decode()
    funnel = html[html.index('id="funnel"') : html.index("</dl>", html.index('id="funnel"'))]
    assert funnel.count('<svg class="bar bar"') >= 2  # reports and FIRs are numbers
    assert '<rect width="100.0"' in funnel  # the largest bar the whole width
    clocks = html[html.index('id="clocks"') :]
    assert "Legal deadline: An FIR is registered for a missing child" in clocks
    assert "2 hours" in clocks and "90 days" in clocks and "17 days" in clocks
    urdu = client.get("/ur/figures/month/2026-01/area/PK6/").content.decode()
    assert "قانونی مدت:" in urdu and "2 گھنٹے" in urdu


def test_the_clock_deadlines_exist_in_the_rules():
    rules = current_rules()
    for ids in CLOCK_DEADLINES.values():
        assert all(rules.rule(rule_id) is not None for rule_id in ids)


@pytest.mark.parametrize(
    "count, value", [(0, 0), (1, None), (9, None), (10, 10), (14, 10), (15, 20), (1234, 1230)]
)
def test_live_counts_are_rounded_and_small_ones_are_not_numbers(count, value):
    assert rounded(count).value == value


def _open(ref: str, province: str | None, at: dt.datetime) -> None:
    Case.objects.create(
        ref=ref, channel="web", category="sexual_abuse", province_id=province,
        opened_at=at, updated_at=at,
    )  # fmt: skip


def test_live_figures_count_this_month_rounded_per_province_and_say_they_are_not_a_release(
    client, db, settings
):
    settings.NIGRAAN_FIGURES_LIVE_MINUTES = 60
    now = dt.datetime(2026, 3, 20, 10, 30, tzinfo=dt.UTC)
    previous = clock.set_clock(lambda: now)
    try:
        for n in range(23):
            _open(f"NGR-L{n:04d}", "PK6", now - dt.timedelta(days=5))
        for n in range(3):
            _open(f"NGR-S{n:04d}", "PK7", now - dt.timedelta(days=5))
        for n in range(10):  # no province yet: counted for Pakistan only
            _open(f"NGR-U{n:04d}", None, now - dt.timedelta(days=2))
        _open("NGR-OLD1", "PK6", dt.datetime(2026, 2, 27, tzinfo=dt.UTC))  # last month
        _open("NGR-NEW1", "PK6", now - dt.timedelta(minutes=10))  # after the window began
        forget_live_figures()
        html = client.get("/en/figures/").content.decode()
        live = html[html.index('id="live"') : html.index("</section>", html.index('id="live"'))]
        assert "Live figures, not a release:" in live and "10:00 UTC" in live
        assert "<dt>Pakistan</dt><dd>about 40</dd>" in live  # 36
        assert "<dt>Punjab</dt><dd>about 20</dd>" in live  # 23
        assert "<dt>Sindh</dt><dd>fewer than 10</dd>" in live  # 3
        assert "<dt>Balochistan</dt><dd>0</dd>" in live
        assert "Lahore" not in live  # never a district
        _open("NGR-L9999", "PK6", now - dt.timedelta(days=1))
        assert "about 20" in client.get("/en/figures/").content.decode()  # same window: kept
        urdu = client.get("/ur/figures/").content.decode()
        assert "تازہ اعداد، باقاعدہ اجرا نہیں" in urdu and "تقریباً 40" in urdu
    finally:
        clock.set_clock(previous)
        forget_live_figures()


def test_the_committed_shapes_are_what_the_script_builds():
    import runpy
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "build_figures_map.py"
    built = runpy.run_path(str(script))["build"]()
    assert built == json.loads(SHAPES.read_text(encoding="utf-8"))


def test_every_page_stays_under_100_kb_with_cases_in_every_district(client, db):
    """A heavy case for the map: every district has cases (mostly "fewer than 5", whose words
    are longer than a number), and the funnel and every table have something to show. Measured
    here: national 74 KB in English, 82 KB in Urdu."""
    districts = list(District.objects.order_by("code").values_list("code", "province_id"))
    steps = [
        (5, ("stage", "fir_registered", False)),
        (6, ("accused", "arrested")),
        (7, ("charge", "PK.PPC.376")),
        (8, ("stage", "trial", False)),
        (9, ("verdict", "conviction")),
    ]
    with transaction.atomic():
        for number in range(480):
            place = districts[number % len(districts)]
            write_case(
                number,
                ("web", "sexual_abuse", place, "10-14", "female", 45, steps[: number % 6]),
            )
    publish(Period.parse("month:2026-01"))
    for language in ("en", "ur"):
        for url in (
            f"/{language}/figures/",
            f"/{language}/figures/?map=outcomes",
            f"/{language}/figures/month/2026-01/area/PK6/",
            f"/{language}/figures/month/2026-01/area/PK614/",
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert len(response.content) < 100_000, f"{url}: {len(response.content)} bytes"


def test_classes_spread_over_the_palette():
    from nigraan.web.figures_map import _css_class

    assert _css_class(12, [(12, 12)]) == "m-c3"  # one class alone: a middle blue
    two = [(5, 9), (10, 40)]
    assert (_css_class(6, two), _css_class(40, two)) == ("m-c1", "m-c4")
    four = class_bounds([5, 6, 9, 12, 30, 31, 200])
    assert [_css_class(high, four) for _low, high in four] == ["m-c1", "m-c2", "m-c3", "m-c4"]
