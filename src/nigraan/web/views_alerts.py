"""Public missing-child alert pages (no JavaScript, English and Urdu), the Atom feed and each
alert's CAP document. Found or cancelled alerts stay listed until their withdrawal expires, with
no description: the withdrawal replaces the alert for every reader."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.shortcuts import render
from django.utils.translation import get_language

from nigraan import clock
from nigraan.alerts.cap_model import CAP_MEDIA_TYPE
from nigraan.alerts.cap_xml import validate_cap
from nigraan.alerts.erasure import is_erased
from nigraan.alerts.feed import atom_feed
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.alerts.photo_store import photo_path
from nigraan.alerts.published import newest_document, shown, site
from nigraan.geo.models import District


def _language() -> str:
    return "ur" if (get_language() or "en").startswith("ur") else "en"


def _card(row: PublishedAlert, language: str) -> dict:
    text = row.content["texts"][language]
    return {
        "reference": row.reference,
        "state": row.state,
        "active": row.state == AlertState.ACTIVE,
        "found": row.state == AlertState.FOUND,
        "expired": row.state == AlertState.EXPIRED,
        "exercise": bool(row.content.get("exercise")),
        "headline": text["headline"],
        "description": text["description"] if row.state == AlertState.ACTIVE else "",
        "instruction": text["instruction"],
        "place": text["place"],
        "radius_km": row.area.get("radius_km"),
        "districts": _chosen_districts(row, language),
        "issued_at": row.issued_at,
        "last_seen_at": dt.datetime.fromisoformat(row.content["last_seen_at"]),
        "cap": f"/alerts/{row.cap_identifier}.xml",
        "photo": _photo(row),
    }


def _chosen_districts(row: PublishedAlert, language: str) -> str:
    """The districts an alert went to when staff chose them instead of a circle, named in the
    page's language ("" for a circle)."""
    if not row.area.get("chosen"):
        return ""
    codes = row.area.get("districts") or []
    names = dict(District.objects.filter(code__in=codes).values_list("code", f"name_{language}"))
    separator = "، " if language == "ur" else ", "
    return separator.join(names.get(code) or code for code in codes)


def _photo(row: PublishedAlert) -> dict | None:
    """The photo's address and size while the alert is active; withdrawn with the description."""
    facts = row.content.get("photo")
    if row.state != AlertState.ACTIVE or not facts:
        return None
    return {"src": photo_path(row), "width": facts["width"], "height": facts["height"]}


def alert_list(request: HttpRequest) -> HttpResponse:
    language = _language()
    cards = [_card(row, language) for row in shown(clock.now())]
    return render(request, "web/alerts_list.html", {"alerts": cards})


def alert_page(request: HttpRequest, reference: str) -> HttpResponse:
    row = PublishedAlert.objects.filter(reference=reference).first()
    if row is None or not row.messages:
        raise Http404
    if is_erased(row):
        return HttpResponseGone()  # the case was erased: nothing of the alert is left to show
    return render(request, "web/alert_page.html", {"alert": _card(row, _language())})


def alert_feed(request: HttpRequest) -> HttpResponse:
    language = "ur" if request.GET.get("lang") == "ur" else "en"
    now = clock.now()
    body = atom_feed(
        [newest_document(row) for row in shown(now)],
        site=site(),
        title="نگران: لاپتہ بچوں کے الرٹ" if language == "ur" else "Nigraan: missing-child alerts",
        author="Nigraan",
        now=now,
        language=language,
    )
    return HttpResponse(body, content_type="application/atom+xml; charset=utf-8")


def alert_cap(request: HttpRequest, identifier: str) -> HttpResponse:
    """The newest CAP message of an alert as it was issued, validated again before serving."""
    row = PublishedAlert.objects.filter(cap_identifier=identifier).first()
    if row is not None and is_erased(row):
        return HttpResponseGone()
    if row is None or not row.cap_xml:
        raise Http404
    document = bytes(row.cap_xml)
    validate_cap(document)
    return HttpResponse(document, content_type=CAP_MEDIA_TYPE + "; charset=utf-8")
