"""The triage queue: open reports with no district, for the staff of a province or the country
who work cases. Each row reads the place the reporter gave (the reason-and-log read: an event)
and sets the district (``commands.place_case``: an event, and the district's staff are told)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nigraan.accounts.models import JurisdictionLevel
from nigraan.accounts.permissions import PermissionDenied, works_cases
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.cases import commands
from nigraan.cases.crypto import KeyUnavailable
from nigraan.cases.models import Case, Deadline
from nigraan.cases.selectors import visible_cases
from nigraan.geo.models import District

PLACE_RULE = "place_unplaced_report"
SHOWN = 100  # the oldest first; a queue longer than this is itself the problem to see


def _works_triage(request: StaffRequest) -> bool:
    """A case-team role with a province or the country among its jurisdictions."""
    staff = request.user
    wide = staff.jurisdictions.exclude(level=JurisdictionLevel.DISTRICT).exists()
    return works_cases(staff.role) and wide


def _post(request: StaffRequest) -> dict[str, Any]:
    """Read one case's place text, or place it in a district."""
    ref = request.POST.get("ref", "")[:32]
    done: dict[str, Any] = {"ref": ref}
    try:
        if request.POST.get("action") == "place":
            case = commands.place_case(
                request.user,
                ref,
                district_code=request.POST.get("district", ""),
                reason=request.POST.get("reason", ""),
            )
            done["message"] = _("Placed: the district's staff were told of the report.")
            done["placed"] = case.ref
        else:
            read = commands.read_protected(request.user, ref, reason=request.POST.get("reason", ""))
            done["place"] = read.fields.get("address") or _("The reporter gave no place.")
    except (commands.CommandRefused, KeyUnavailable) as exc:
        done["error"] = str(exc)
    except PermissionDenied:
        done["error"] = _("Your role may not do that on this case.")
    return done


@staff_login_required
@require_http_methods(["GET", "POST"])
def triage(request: StaffRequest) -> HttpResponse:
    allowed = _works_triage(request)
    done = _post(request) if request.method == "POST" and allowed else {}
    cases = (
        visible_cases(request.user, open_only=True)
        .filter(district__isnull=True)
        .select_related("province")
        .order_by("opened_at")[:SHOWN]
        if allowed
        else Case.objects.none()
    )
    rows = list(cases)
    due = dict(
        Deadline.objects.filter(case__in=rows, rule_id=PLACE_RULE, met_at__isnull=True)
        .filter(stopped=False)
        .values_list("case_id", "due_at")
    )
    districts = District.objects.order_by("province_id", "name_en")
    return render(
        request,
        "web/triage.html",
        {
            "allowed": allowed,
            "rows": [
                {
                    "case": case,
                    "due": due.get(case.pk),
                    "districts": [d for d in districts if d.province_id == case.province_id]
                    or list(districts),
                }
                for case in rows
            ],
            "done": done,
        },
    )
