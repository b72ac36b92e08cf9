"""Staff work pages: my cases, overdue deadlines, the district board, the services directory.
Server-rendered, English and Urdu, usable with a keyboard and without JavaScript. Reads come
from ``work_queries``; the directory changes only through ``cases.service_directory``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from nigraan import clock
from nigraan.accounts.models import Role
from nigraan.accounts.permissions import PermissionDenied
from nigraan.cases import rules
from nigraan.cases import service_directory as directory
from nigraan.cases.models import Deadline
from nigraan.cases.vocabulary import Stage
from nigraan.geo.models import District
from nigraan.web import work_queries as q

ROWS_PER_PAGE = 50
# Where the Overdue page opens when no scope is asked for: a case worker's own cases, a
# supervisor's team, everyone else (officers, oversight, police, prosecutors) their districts.
DEFAULT_SCOPE = {
    Role.CASE_WORKER.value: q.OverdueScope.MINE,
    Role.SUPERVISOR.value: q.OverdueScope.TEAM,
}


def describe_span(delta: dt.timedelta) -> str:
    """A span of time as a person reads it: "2 days 3 hours", "5 hours 10 minutes", "4 minutes"."""
    minutes = int(abs(delta).total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    day_text = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
    hour_text = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    minute_text = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if days:
        return f"{day_text} {hour_text}" if hours else day_text
    if hours:
        return f"{hour_text} {minute_text}" if minutes else hour_text
    return minute_text if minutes else _("less than a minute")


def _timing(deadline: Deadline, now: dt.datetime) -> dict[str, Any]:
    late = deadline.due_at <= now
    span = describe_span(deadline.due_at - now)
    text = (
        _("overdue by %(span)s") % {"span": span} if late else _("%(span)s left") % {"span": span}
    )
    return {"deadline": deadline, "late": late, "text": text, "with_whom": _escalated_to(deadline)}


def _escalated_to(deadline: Deadline) -> str:
    """Whom an escalated deadline has reached, by role, on the chain in force for the case's
    place."""
    if not deadline.level:
        return ""
    case = deadline.case
    chain = rules.current_rules().chain_for(case.district_id, case.province_id)
    if not chain:
        return ""
    role = chain[min(deadline.level, len(chain)) - 1]
    return str(dict(Role.choices).get(role, role))


def _query(**params: str) -> str:
    """A query string of the non-empty params: "?district=PK614", or "" when none."""
    given = {key: value for key, value in params.items() if value}
    return "?" + urlencode(given) if given else ""


def _also(**params: str) -> str:
    """The same, to follow a ?page=N: "&district=PK614"."""
    query = _query(**params)
    return "&" + query[1:] if query else ""


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    staff: Any = request.user
    now = clock.now()
    page = Paginator(q.my_open_cases(staff), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "case": case,
            "next": _timing(case.unmet_deadlines[0], now) if case.unmet_deadlines else None,
            "more_deadlines": len(case.unmet_deadlines) - 1,
        }
        for case in page
    ]
    return render(request, "web/my_cases.html", {"page": page, "rows": rows, "now": now})


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    staff: Any = request.user
    now = clock.now()
    default = DEFAULT_SCOPE.get(staff.role, q.OverdueScope.DISTRICT)
    try:
        scope = q.OverdueScope(request.GET.get("scope") or default.value)
    except ValueError:
        scope = default
    page = Paginator(q.overdue(staff, scope, now), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [_timing(deadline, now) for deadline in page]
    scopes = [
        (q.OverdueScope.MINE.value, _("Mine")),
        (q.OverdueScope.TEAM.value, _("My team")),
        (q.OverdueScope.DISTRICT.value, _("My districts")),
    ]
    return render(
        request,
        "web/overdue.html",
        {
            "page": page,
            "rows": rows,
            "scope": scope.value,
            "scopes": scopes,
            "page_extra": _also(scope=scope.value),
        },
    )


def _age(cases: Any, now: dt.datetime) -> None:
    for case in cases:
        case.age_text = _("%(span)s ago") % {"span": describe_span(now - case.opened_at)}


def _district_options(staff: Any) -> list[District]:
    return list(q.districts_visible_to(staff).only("code", "name_en", "name_ur", "province_id"))


@login_required
def board(request: HttpRequest) -> HttpResponse:
    staff: Any = request.user
    now = clock.now()
    districts = _district_options(staff)
    codes = {d.code for d in districts}
    district = request.GET.get("district", "").strip().upper() or q.home_district(staff)
    context: dict[str, Any] = {
        "districts": districts,
        "district": district,
        "columns": [],
        "stage": "",
        "cap": q.BOARD_COLUMN_CAP,
    }
    if district not in codes:
        context["refused"] = (
            _("You may not see that district's cases. Choose one of yours.")
            if districts
            else _("Your account does not cover any district.")
        )
        return render(request, "web/board.html", context, status=404 if districts else 200)
    context["chosen"] = next(d for d in districts if d.code == district)
    stage = request.GET.get("stage", "")
    if stage:
        cases = q.board_cases(staff, district).filter(stage=stage)
        page = Paginator(cases, ROWS_PER_PAGE).get_page(request.GET.get("page"))
        labels = dict(Stage.choices)
        _age(page, now)
        context.update(
            stage=stage,
            stage_label=labels.get(stage, stage),
            page=page,
            back=_query(district=district),
            page_extra=_also(district=district, stage=stage),
        )
        return render(request, "web/board.html", context)
    columns = q.board(staff, district)
    for column in columns:
        _age(column.cases, now)
    context.update(columns=columns, total=sum(c.count for c in columns))
    return render(request, "web/board.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def services(request: HttpRequest) -> HttpResponse:
    staff: Any = request.user
    districts = _district_options(staff)
    codes = {d.code for d in districts}
    district = request.GET.get("district", "").strip().upper()
    if district not in codes:
        district = ""
    manageable = (
        [d for d in districts if directory.may_manage_directory(staff, d)]
        if directory.may_manage_directory(staff)
        else []
    )
    form = {
        "district": district or (manageable[0].code if len(manageable) == 1 else ""),
        "kind": "",
        "name": "",
        "contact": "",
    }
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "add":
                form = {
                    key: request.POST.get(key, "")
                    for key in ("district", "kind", "name", "contact")
                }
                service = directory.add_service(
                    staff,
                    district_code=form["district"],
                    kind=form["kind"],
                    name=form["name"],
                    contact=form["contact"],
                )
                messages.success(
                    request, _("Added “%(name)s” to the directory.") % {"name": service.name}
                )
                return redirect(reverse("web:services") + _query(district=district))
            if action in ("deactivate", "reactivate"):
                service = directory.set_service_active(
                    staff, code=request.POST.get("code", ""), active=action == "reactivate"
                )
                text = (
                    _("“%(name)s” is active again.")
                    if service.active
                    else _("“%(name)s” is inactive: no new referrals can be made to it.")
                )
                messages.success(request, text % {"name": service.name})
                return redirect(reverse("web:services") + _query(district=district))
            errors = {"form": _("Unknown action.")}
            status = 400
        except directory.DirectoryRefused as refused:
            errors, status = refused.errors, 400
        except PermissionDenied:
            errors, status = (
                {
                    "form": _(
                        "Only an administrator or a district child-protection officer of that "
                        "district may change the directory."
                    )
                },
                403,
            )
    page = Paginator(q.services_visible_to(staff, district), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    manageable_codes = {d.code for d in manageable}
    return render(
        request,
        "web/services.html",
        {
            "page": page,
            "districts": districts,
            "district": district,
            "manageable": manageable,
            "manageable_codes": manageable_codes,
            "kinds": directory.kind_choices(),
            "kind_labels": directory.KIND_LABELS,
            "form": form,
            "errors": errors,
            "page_extra": _also(district=district),
        },
        status=status,
    )
