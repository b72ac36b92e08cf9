"""The public figures pages: a release's national, provincial and district figures (the funnel
report → FIR → charge → trial → verdict, the clocks, every table for the area), each measure's
definition, and the release's open data. No login, no JavaScript, English and Urdu; everything
shown comes from a stored release (``stats/reading.py``), never from live counting."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nigraan.geo.models import District, Province
from nigraan.stats.labels import cell_text, value_label
from nigraan.stats.live import live_figures
from nigraan.stats.measures import Measure, current_figures
from nigraan.stats.models import PublishedRelease
from nigraan.stats.opendata import datapackage, release_csv, release_parquet
from nigraan.stats.reading import ROOT, Cell, StoredRelease, latest, newest_releases
from nigraan.stats.report import annual_releases, cached_report_pdf
from nigraan.web.figures_charts import Bar, clock_lines, funnel_bars
from nigraan.web.figures_live import live_context
from nigraan.web.figures_map import DEFAULT_MAP, MAP_MEASURES, chosen_map, district_map, map_cell
from nigraan.web.figures_validator import releases_validator


@dataclass(frozen=True)
class Shown:
    """A cell as a reader sees it: the text and whether it is a number."""

    text: str
    number: bool


@dataclass(frozen=True)
class Line:
    label: str
    shown: Shown
    measure: str
    bar: Bar | None = None


def show(cell: Cell | None, threshold: int) -> Shown:
    if isinstance(cell, int):
        return Shown(f"{cell:,}", True)
    return _status_shown(cell or "", threshold, get_language())


@lru_cache(maxsize=64)
def _status_shown(status: str, threshold: int, language: str | None) -> Shown:
    """A status's words (translated once per language and threshold, not once per cell)."""
    return Shown(cell_text(status, threshold), False)


def _title(measure: Measure | None, code: str) -> str:
    if measure is None:
        return code
    return measure.title_ur if get_language() == "ur" else measure.title


def _area_names() -> dict[str, str]:
    urdu = get_language() == "ur"
    names = {ROOT: _("Pakistan")}
    for model in (Province, District):
        for code, en, ur in model.objects.values_list("code", "name_en", "name_ur"):
            names[code] = (ur or en) if urdu else en
    return names


def _area_name(names: dict[str, str], code: str) -> str:
    if code.endswith("?"):
        return _("Place not recorded (%(area)s)") % {"area": names.get(code[:-1], code[:-1])}
    return names.get(code, code)


def _funnel(release: StoredRelease, area: str) -> list[Line]:
    """Report → FIR → charge → trial → verdict, and the refusals, from the measures that define
    them."""
    t = release.threshold
    steps = [
        (_("Reports received"), "reports_received", release.total("reports_received", area)),
        (
            _("FIRs registered"),
            "police_response",
            release.cell("police_response", ("response",), area, "fir_registered"),
        ),
        (
            _("Diary entry only"),
            "police_response",
            release.cell("police_response", ("response",), area, "diary_entry"),
        ),
        (
            _("FIRs refused"),
            "police_response",
            release.cell("police_response", ("response",), area, "fir_refused"),
        ),
        (_("Charges recorded"), "charges", release.total("charges", area)),
        (_("Trials started"), "trials_started", release.total("trials_started", area)),
        (_("Outcomes (accused persons)"), "outcomes", release.total("outcomes", area)),
        (
            _("Closed without an FIR"),
            "closed_without_fir",
            release.total("closed_without_fir", area),
        ),
    ]
    bars = funnel_bars([cell for _, _, cell in steps])
    return [
        Line(label, show(cell, t), measure, bar)
        for (label, measure, cell), bar in zip(steps, bars, strict=True)
    ]


def _clocks(release: StoredRelease, area: str) -> list[dict]:
    """Each median clock with the legal deadlines beside it, as bars on one scale."""
    return [
        {
            "measure": measure,
            "lines": clock_lines(
                measure,
                _title(_measure(measure), measure),
                release.median(measure, area),
                _("not shown"),
            ),
        }
        for measure in ("days_report_to_fir", "days_fir_to_verdict")
    ]


def _measure(measure_id: str) -> Measure | None:
    try:
        return current_figures().measure(measure_id)
    except StopIteration:
        return None


def _tables(release: StoredRelease, area: str) -> list[dict]:
    """Every count measure's total and breakdowns for the area, as short label/value lists."""
    figures, t = current_figures(), release.threshold
    titles = {
        key: (ur if get_language() == "ur" else en) for key, (en, ur) in figures.attributes.items()
    }
    found = []
    for measure in figures.measures:
        if measure.is_median:
            continue
        parts = []
        for breakdown in release.breakdowns(measure.id):
            rows = [
                (
                    " × ".join(value_label(a, v) for a, v in zip(breakdown, r.column, strict=True)),
                    show(r.cell, t),
                )
                for r in release.rows(measure.id, breakdown, area)
            ]
            parts.append({"title": " × ".join(titles.get(a, a) for a in breakdown), "rows": rows})
        total = show(release.total(measure.id, area), t)
        found.append(
            {
                "measure": measure,
                "title": _title(measure, measure.id),
                "total": total,
                "parts": parts,
            }
        )
    return found


def _release(kind: str, month: str, version: int | None = None) -> StoredRelease:
    period = f"{kind}:{month}"
    row = (
        latest(period)
        if version is None
        else PublishedRelease.objects.filter(period=period, version=version).defer("tables").first()
    )
    if row is None:
        raise Http404("no such release")
    return StoredRelease(row)


def _area_context(
    release: StoredRelease,
    area: str,
    releases: list[PublishedRelease] | None = None,
    view: tuple[str, str] = (DEFAULT_MAP, "area/"),
) -> dict:
    """The page's context; ``view`` is the measure the map is coloured by and the relative link
    from this page to an area's page (without its code)."""
    if not release.has_area(area):
        raise Http404("no such area in this release")
    names = _area_names()
    path: list[tuple[str, str]] = []
    parent = release.parent(area)
    while parent is not None:
        path.insert(0, (parent, _area_name(names, parent)))
        parent = release.parent(parent)
    children = [
        {"code": code, "name": _area_name(names, code)}
        | {key: show(map_cell(release, key, code), release.threshold) for key in MAP_MEASURES}
        for code in release.children(area)
    ]
    kind, month = release.row.period.split(":")
    return {
        "release": release.row,
        "kind": kind,
        "month": month,
        "area": area,
        "area_name": _area_name(names, area),
        "path": path,
        "children": children,
        "map": district_map(release, area, view[0], names, view[1]),
        "map_table": area == ROOT,
        "funnel": _funnel(release, area),
        "clocks": _clocks(release, area),
        "tables": _tables(release, area),
        "threshold_next": release.threshold + 1,
        "median_min_count": current_figures().disclosure.median_min_count,
        "releases": newest_releases() if releases is None else releases,
        "annual": annual_releases(),
    }


# Rendered area pages, newest use last. A page is a function of the stored releases (rows are
# only ever added: a correction is a new row), its address, language and the settings below. The
# releases enter the key as one cheap validator read with one raw query — how many rows, the
# newest id, its SHA-256 and the latest computation time (web/figures_validator.py, which on
# SQLite also skips the query while the database's files are unchanged) — so a new release or a
# correction is served at once, and a page served again costs no ORM, parsing or rendering.
# Public pages only (no user, no form). Each page carries an ETag of its bytes: a client that
# sends it back (If-None-Match) gets 304 and no body.
_PAGES: OrderedDict[tuple[Any, ...], tuple[bytes, str]] = OrderedDict()
PAGES_KEPT = 256


def _page_key(request: HttpRequest) -> tuple[Any, ...]:
    return (
        releases_validator(),
        request.get_full_path(),
        get_language(),
        settings.NIGRAAN_DEMO_MODE,
        settings.NIGRAAN_QUICK_EXIT_URL,
        id(current_figures()),
    )


def _kept(
    request: HttpRequest, render_page: Callable[[], str], also: tuple[Any, ...] = ()
) -> HttpResponse:
    """The page for this request, rendered once (raises as ``render_page`` does); ``also`` is
    anything else the page shows (the live figures' window)."""
    key = _page_key(request) + also
    kept = _PAGES.get(key)
    if kept is None:
        html = render_page().encode()
        kept = (html, '"' + hashlib.sha256(html).hexdigest()[:32] + '"')
        _PAGES[key] = kept
        while len(_PAGES) > PAGES_KEPT:
            _PAGES.popitem(last=False)
    _PAGES.move_to_end(key)
    html, etag = kept
    response: HttpResponse
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(html)
    response["ETag"] = etag
    return response


def figures_index(request: HttpRequest) -> HttpResponse:
    """The newest monthly release's national figures (else the newest release), and the list."""

    live = live_figures()

    def render_page() -> str:
        rows = newest_releases()
        chosen = next((r for r in rows if r.period.startswith("month:")), rows[0] if rows else None)
        context: dict[str, Any] = {"releases": [], "release": None}
        if chosen is not None:
            view = (chosen_map(request.GET.get("map")), chosen.period.replace(":", "/") + "/area/")
            context = _area_context(StoredRelease(chosen), ROOT, rows, view)
        context["live"] = live_context(live, _area_names())
        return render_to_string("web/figures_area.html", context, request=request)

    return _kept(request, render_page, (live.as_of, tuple(live.reports.items())))


def figures_area(request: HttpRequest, kind: str, month: str, area: str = ROOT) -> HttpResponse:
    def render_page() -> str:
        view = (chosen_map(request.GET.get("map")), "area/" if area == ROOT else "../")
        context = _area_context(_release(kind, month), area, None, view)
        return render_to_string("web/figures_area.html", context, request=request)

    return _kept(request, render_page)


def figures_measure(request: HttpRequest, measure_id: str) -> HttpResponse:
    measure = _measure(measure_id)
    if measure is None:
        raise Http404("no such measure")
    figures = current_figures()
    attributes = [
        figures.attributes.get(name, (name, name))[1 if get_language() == "ur" else 0]
        for combo in measure.breakdowns
        for name in combo
    ]
    context = {
        "measure": measure,
        "title": _title(measure, measure.id),
        "breakdowns": list(dict.fromkeys(attributes)),
        "threshold_next": figures.disclosure.threshold + 1,
        "median_min_count": figures.disclosure.median_min_count,
    }
    return render(request, "web/figures_measure.html", context)


def _download(row: StoredRelease, name: str) -> str:
    kind, month = row.row.period.split(":")
    return f"nigraan-{kind}-{month}-v{row.row.version}-{name}"


def figures_csv(request: HttpRequest, kind: str, month: str, version: int) -> HttpResponse:
    release = _release(kind, month, version)
    response = HttpResponse(release_csv(release.document), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download(release, "figures.csv")}"'
    return response


def figures_parquet(request: HttpRequest, kind: str, month: str, version: int) -> HttpResponse:
    release = _release(kind, month, version)
    response = HttpResponse(
        release_parquet(release.document), content_type="application/vnd.apache.parquet"
    )
    name = _download(release, "figures.parquet")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def figures_json(request: HttpRequest, kind: str, month: str, version: int) -> HttpResponse:
    """The stored bytes themselves: their SHA-256 is the one in the ledger."""
    release = _release(kind, month, version)
    response = HttpResponse(
        release.row.tables.encode("utf-8"), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_download(release, "figures.json")}"'
    return response


def figures_report(request: HttpRequest, kind: str, month: str, version: int) -> HttpResponse:
    """The release's report as PDF in the page's language (rendered once, then kept)."""
    release = _release(kind, month, version)
    pdf = cached_report_pdf(release.row, get_language() or "en")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = _download(release, f"report-{get_language()}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def figures_datapackage(request: HttpRequest, kind: str, month: str, version: int) -> HttpResponse:
    release = _release(kind, month, version)
    base = request.build_absolute_uri(f"/{get_language()}/figures/{kind}/{month}/v{version}/")
    measures = [
        {
            "id": m.id,
            "title": m.title,
            "title_ur": m.title_ur,
            "unit": m.unit,
            "definition": m.definition,
        }
        for m in current_figures().measures
    ]
    package = datapackage(release.row, measures, base)
    return JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
