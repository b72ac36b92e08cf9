"""Press incidents for review (issue 13 item 4): the list of a reviewer's places by status, one
incident with its sources and fields (each change a command, an event on the ledger's ``PRESS``
chain), and the list per district of confirmed incidents with no case after N days. Plain forms:
no script needed, one column at 360 px."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from nigraan import clock
from nigraan.accounts.models import JurisdictionLevel
from nigraan.accounts.permissions import Action, PermissionDenied, covers, may
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.geo.places import PROVINCE_NAMES
from nigraan.media.figures import press_figures as figures_for
from nigraan.media.models import Incident
from nigraan.media.review import commands, labels
from nigraan.media.review.fields import CHOICES, EDITABLE, shown
from nigraan.media.review.unlinked import unlinked_by_district
from nigraan.web.work_queries import districts_visible_to

SHOWN = 100
STATUSES = {
    "new": gettext_lazy("New"),
    "needs_review": gettext_lazy("Needs review"),
    "confirmed": gettext_lazy("Confirmed"),
    "not_relevant": gettext_lazy("Not relevant"),
    "merged": gettext_lazy("Merged"),
}


def _places(request: StaffRequest) -> Q:
    """The reviewer's places as a filter (each row is still checked with ``covers``)."""
    where = Q(pk__in=[])
    for level, code in request.user.jurisdictions.values_list("level", "code"):
        if level == JurisdictionLevel.COUNTRY:
            return Q()
        if level == JurisdictionLevel.PROVINCE:
            where |= Q(province=PROVINCE_NAMES.get(code, "")) | Q(district_code__startswith=code)
        else:
            where |= Q(district_code=code)
    return where


def _mine(request: StaffRequest, status: str) -> list[Incident]:
    rows = Incident.objects.filter(_places(request), status=status)
    rows = rows.order_by("-last_reported_on", "-pk")[:SHOWN]
    return [incident for incident in rows if covers(request.user, incident)]


@staff_login_required
@require_http_methods(["GET"])
def press_list(request: StaffRequest) -> HttpResponse:
    allowed = may(request.user, Action.REVIEW_PRESS)
    status = request.GET.get("status", "new")
    status = status if status in STATUSES else "new"
    rows = _mine(request, status) if allowed else []
    return render(
        request,
        "web/press_list.html",
        {
            "allowed": allowed,
            "status": status,
            "statuses": list(STATUSES.items()),
            "rows": rows,
            "places": _places_of(rows),
        },
    )


def _places_of(rows: list[Incident]) -> dict[int, str]:
    """Each incident's place in the page's language (one query for all their districts)."""
    districts = labels.district_names(incident.district_code for incident in rows)
    return {incident.pk: labels.place(incident, districts) for incident in rows}


def _post(request: StaffRequest, incident: Incident) -> str:
    """Do what the form asks; the message to show."""
    user, post = request.user, request.POST
    action = post.get("action", "")
    if action == "status":
        commands.set_status(user, incident.pk, post.get("status", ""), post.get("reason", ""))
        return _("Status saved.")
    if action == "edit":
        commands.edit_field(user, incident.pk, post.get("field", ""), post.get("value", ""))
        return _("Field corrected.")
    if action == "merge":
        into = post.get("into", "")
        commands.merge(user, incident.pk, int(into) if into.isdigit() else 0)
        return _("Merged.")
    if action == "link":
        commands.link_case(user, incident.pk, post.get("case_ref", "")[:40])
        return _("Linked to the case.")
    if action == "open":
        case = commands.open_case_from(user, incident.pk)
        return _("Case %(ref)s opened from this incident.") % {"ref": case.ref}
    return _("Nothing was changed.")


@staff_login_required
@require_http_methods(["GET", "POST"])
def press_incident(request: StaffRequest, incident_id: int) -> HttpResponse:
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None or not (
        may(request.user, Action.REVIEW_PRESS) and covers(request.user, incident)
    ):
        raise Http404
    done: dict[str, Any] = {}
    if request.method == "POST":
        try:
            done["message"] = _post(request, incident)
        except (commands.ReviewRefused, PermissionDenied) as refused:
            done["error"] = str(refused)
        if "error" not in done:
            return redirect("web:press_incident", incident_id=incident.pk)
        incident.refresh_from_db()
    return render(request, "web/press_incident.html", _context(request, incident, done))


def _choices(request: StaffRequest, name: str) -> list[tuple[str, str]]:
    """A field's picker: labels shown, codes as the values (districts: the reviewer's own)."""
    if name == "district_code":
        mine = districts_visible_to(request.user)
        return [(d.code, labels.district_label(d.code, {d.code: d})) for d in mine]
    return labels.choices(CHOICES.get(name, ()))


def _context(request: StaffRequest, incident: Incident, done: dict[str, Any]) -> dict[str, Any]:
    districts = labels.district_names([incident.district_code])
    fields = [
        {
            "name": name,
            "label": labels.FIELD_LABELS[name],
            "value": shown(getattr(incident, name)),
            "shown": labels.value_label(name, getattr(incident, name), districts),
            "choices": _choices(request, name),
            "corrected": name in incident.overrides,
        }
        for name in EDITABLE
    ]
    sources = incident.sources.select_related("article").order_by("reported_on", "pk")
    return {
        "incident": incident,
        "fields": fields,
        "sources": [(source, labels.source_kind(source)) for source in sources],
        "disagreements": labels.disagreements(incident),
        "done": done,
        "statuses": [(s, STATUSES[s]) for s in commands.REVIEWER_STATUSES],
        "status_label": STATUSES.get(incident.status, incident.status),
    }


@staff_login_required
@require_http_methods(["GET"])
def press_unlinked(request: StaffRequest) -> HttpResponse:
    allowed = may(request.user, Action.REVIEW_PRESS)
    groups = unlinked_by_district(request.user) if allowed else []
    places = _places_of([incident for _name, incidents in groups for incident in incidents])
    return render(
        request,
        "web/press_unlinked.html",
        {
            "allowed": allowed,
            "groups": [(places[incidents[0].pk], incidents) for _name, incidents in groups],
            "places": places,
            "days": settings.NIGRAAN_PRESS_UNLINKED_DAYS,
        },
    )


def _cases_of(request: StaffRequest) -> Q:
    """The reader's places as a filter on cases (press figures put each area beside them)."""
    where = Q(pk__in=[])
    for level, code in request.user.jurisdictions.values_list("level", "code"):
        if level == JurisdictionLevel.COUNTRY:
            return Q()
        where |= Q(province_id=code) if level == JurisdictionLevel.PROVINCE else Q(district_id=code)
    return where


@staff_login_required
@require_http_methods(["GET"])
def press_figures(request: StaffRequest) -> HttpResponse:
    allowed = may(request.user, Action.REVIEW_PRESS)
    this_year = clock.today().year
    asked = request.GET.get("year", "")
    year = (
        int(asked)
        if asked.isascii() and asked.isdigit() and 2000 <= int(asked) <= this_year
        else this_year
    )
    figures = figures_for(_places(request), _cases_of(request), year) if allowed else None
    return render(
        request,
        "web/press_figures.html",
        {
            "allowed": allowed,
            "figures": figures,
            "statuses": list(STATUSES.items()),
            "status": "",
            "years": list(range(this_year, this_year - 5, -1)),
            "year": year,
        },
    )
