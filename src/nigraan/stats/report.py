"""The annual report (``nigraan figures report --year 2026``): a published release as a printable
document in English or Urdu — each measure's title, definition, national breakdowns and
province/district table, how small counts are protected, and the release's SHA-256 with how to
check it in the ledger. HTML rendered to PDF by WeasyPrint (Pango lays the text out, HarfBuzz
shapes Urdu); the fonts are the system's Noto fonts, installed by scripts/ensure_report_tools.sh.

Everything comes from the stored release (never live counting), so a report says exactly what
the release says. Rendering fetches nothing: the HTML has no external resources and the URL
fetcher refuses every URL."""

from __future__ import annotations

import fcntl
import os
import tempfile
from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nigraan.geo.models import District, Province
from nigraan.stats.labels import cell_text, value_label
from nigraan.stats.measures import Measure, current_figures
from nigraan.stats.models import PublishedRelease
from nigraan.stats.reading import ROOT, StoredRelease

LANGUAGES = ("en", "ur")
STYLESHEET = Path(__file__).with_name("report.css")
# Bump when the report's layout or content changes: cached PDFs of an older layout are ignored.
REPORT_FORMAT = 1


def annual_period(year: int) -> str:
    """The release a year's report is made from: the twelve months ending in December."""
    return f"rolling:{year:04d}-12"


def annual_releases() -> list[tuple[int, PublishedRelease]]:
    """Each year whose annual release (rolling:YYYY-12) is published, with its newest version,
    newest year first."""
    rows = PublishedRelease.objects.filter(
        period__startswith="rolling:", period__endswith="-12"
    ).order_by("-period", "-version")
    found: dict[int, PublishedRelease] = {}
    for row in rows:
        found.setdefault(int(row.month[:4]), row)
    return list(found.items())


def _area_names(urdu: bool) -> dict[str, str]:
    names = {ROOT: _("Pakistan")}
    for model in (Province, District):
        for code, en, ur in model.objects.values_list("code", "name_en", "name_ur"):
            names[code] = (ur or en) if urdu else en
    return names


def _name(names: dict[str, str], code: str) -> str:
    if code.endswith("?"):
        return _("Place not recorded (%(area)s)") % {"area": names.get(code[:-1], code[:-1])}
    return names.get(code, code)


def _areas(release: StoredRelease) -> list[tuple[str, str]]:
    """(level, code) national first, then each province followed by its districts."""
    found = [("national", ROOT)]
    for province in sorted(release.children(ROOT)):
        found.append(("province", province))
        found.extend(("district", d) for d in sorted(release.children(province)))
    return found


def _breakdowns(release: StoredRelease, measure: Measure, titles: dict[str, str]) -> list[dict]:
    parts = []
    for breakdown in release.breakdowns(measure.id):
        rows = [
            (
                " × ".join(value_label(a, v) for a, v in zip(breakdown, r.column, strict=True)),
                cell_text(r.cell, release.threshold),
            )
            for r in release.rows(measure.id, breakdown, ROOT)
        ]
        parts.append({"title": " × ".join(titles.get(a, a) for a in breakdown), "rows": rows})
    return parts


def _area_rows(release: StoredRelease, measure: Measure, names: dict[str, str]) -> list[dict]:
    rows = []
    for level, code in _areas(release):
        if measure.is_median:
            days = release.median(measure.id, code)
            text = (
                ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
                if days is not None
                else _("not shown")
            )
        else:
            text = cell_text(release.total(measure.id, code), release.threshold)
        rows.append({"level": level, "code": code, "name": _name(names, code), "value": text})
    return rows


def report_context(row: PublishedRelease, language: str) -> dict[str, Any]:
    """What the report shows, in the active language."""
    release, figures = StoredRelease(row), current_figures()
    urdu = language == "ur"
    titles = {key: (ur if urdu else en) for key, (en, ur) in figures.attributes.items()}
    names = _area_names(urdu)
    measures = [
        {
            "id": m.id,
            "title": m.title_ur if urdu else m.title,
            "definition": (m.definition_ur or m.definition) if urdu else m.definition,
            "definition_english": urdu and not m.definition_ur,
            "median": m.is_median,
            "breakdowns": [] if m.is_median else _breakdowns(release, m, titles),
            "areas": _area_rows(release, m, names),
        }
        for m in figures.measures
    ]
    kind, month = row.period.split(":")
    return {
        "release": row,
        "language": language,
        "rtl": urdu,
        "kind": kind,
        "month": month,
        "year": month[:4] if row.period == annual_period(int(month[:4])) else "",
        "measures": measures,
        "threshold": release.threshold,
        "threshold_next": release.threshold + 1,
        "median_min_count": figures.disclosure.median_min_count,
        "json_url": f"/{language}/figures/{kind}/{month}/v{row.version}/figures.json",
        "public_url": settings.NIGRAAN_PUBLIC_URL.rstrip("/"),
    }


def report_html(row: PublishedRelease, language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"no report in {language!r}: {', '.join(LANGUAGES)}")
    with translation.override(language):
        html = render_to_string("stats/report.html", report_context(row, language))
    # The stylesheet is kept out of the template (no template carries inline style: the site's
    # CSP); the report is a file, never a page served under that policy, so it is inlined here.
    css = STYLESHEET.read_text(encoding="utf-8")
    return html.replace("</head>", f"<style>\n{css}</style>\n</head>", 1)


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the report fetches nothing ({url})")


def report_pdf(row: PublishedRelease, language: str) -> bytes:
    from weasyprint import HTML

    pdf = HTML(string=report_html(row, language), url_fetcher=_no_fetching).write_pdf()
    if pdf is None:  # only when writing to a target, which is not done here
        raise RuntimeError("WeasyPrint returned no PDF")
    return bytes(pdf)


def _cache_path(row: PublishedRelease, language: str) -> Path:
    return (
        Path(settings.DATA_DIR)
        / "figures-reports"
        / f"{row.sha256}-v{row.version}-{language}-{REPORT_FORMAT}.pdf"
    )


def cached_report_pdf(row: PublishedRelease, language: str) -> bytes:
    """The report's PDF, rendered once per release version and language (a release never
    changes), kept in the data directory. Requests arriving while it renders wait for that one
    rendering (a lock file) instead of each starting their own."""
    path = _cache_path(row, language)
    if path.exists():
        return path.read_bytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            return path.read_bytes()
        pdf = report_pdf(row, language)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)
    return pdf
