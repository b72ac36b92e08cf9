"""Staff work pages: my cases, overdue deadlines, the district board, the services directory.
Server-rendered, English and Urdu, usable with a keyboard and without JavaScript. Reads come
from ``work_queries``; the directory changes only through ``cases.service_directory``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nigraan import clock
from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import PermissionDenied
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.cases import rules
from nigraan.cases import service_directory as directory
from nigraan.cases.models import Case, Deadline
from nigraan.cases.vocabulary import Stage
from nigraan.geo.models import District
from nigraan.web import work_queries as q
from nigraan.web.time_words import describe_span, time_left

ROWS_PER_PAGE = 50
# Where the Overdue page opens when no scope is asked for: a case worker's own cases, a
# supervisor's team, everyone else (officers, oversight, police, prosecutors) their districts.
DEFAULT_SCOPE = {
    Role.CASE_WORKER.value: q.OverdueScope.MINE,
    Role.SUPERVISOR.value: q.OverdueScope.TEAM,
}


def _timing(deadline: Deadline, now: dt.datetime) -> dict[str, Any]:
    late = deadline.due_at <= now
    text = time_left(deadline.due_at, now)
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


@staff_login_required
def my_cases(request: StaffRequest) -> HttpResponse:
    staff = request.user
    now = clock.now()
    page = Paginator(q.my_open_cases(staff), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [_my_case_row(case, q.unmet_deadlines(case), now) for case in page]
    return render(request, "web/my_cases.html", {"page": page, "rows": rows, "now": now})


def _my_case_row(case: Case, unmet: list[Deadline], now: dt.datetime) -> dict[str, Any]:
    return {
        "case": case,
        "next": _timing(unmet[0], now) if unmet else None,
        "more_deadlines": len(unmet) - 1,
    }


@staff_login_required
def overdue(request: StaffRequest) -> HttpResponse:
    staff = request.user
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


def _age(cases: Iterable[Case], now: dt.datetime) -> None:
    """Give each case the words for how long ago it was opened: ``case.age_text``, which the
    board's card reads. A page-only attribute, so it goes into the instance's own namespace
    (exactly what ``case.age_text = …`` does) rather than onto the model."""
    for case in cases:
        vars(case)["age_text"] = _("%(span)s ago") % {"span": describe_span(now - case.opened_at)}


def _district_options(staff: Staff) -> list[District]:
    return list(q.districts_visible_to(staff).only("code", "name_en", "name_ur", "province_id"))


BOARD_DISTRICT = "nigraan_board_district"  # the session key: the last district chosen


def _board_district(request: StaffRequest, codes: set[str]) -> str:
    """The district asked for (remembered in the session when it is one of the person's), else
    the last one chosen, else the person's own district when it has open cases, else the first
    of theirs with open cases, else their own."""
    asked = request.GET.get("district", "").strip().upper()
    if asked:
        if asked in codes:
            request.session[BOARD_DISTRICT] = asked
        return asked
    remembered = request.session.get(BOARD_DISTRICT, "")
    if remembered in codes:
        return str(remembered)
    return q.busiest_home_district(request.user)


@staff_login_required
def board(request: StaffRequest) -> HttpResponse:
    staff = request.user
    now = clock.now()
    districts = _district_options(staff)
    codes = {d.code for d in districts}
    district = _board_district(request, {d.code for d in districts})
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


SERVICE_FIELDS = ("district", "kind", "name", "contact")


@staff_login_required
@require_http_methods(["GET", "POST"])
def services(request: StaffRequest) -> HttpResponse:
    staff = request.user
    districts = _district_options(staff)
    district = request.GET.get("district", "").strip().upper()
    if district not in {d.code for d in districts}:
        district = ""
    manageable = (
        [d for d in districts if directory.may_manage_directory(staff, d)]
        if directory.may_manage_directory(staff)
        else []
    )
    form = dict.fromkeys(SERVICE_FIELDS, "")
    form["district"] = district or (manageable[0].code if len(manageable) == 1 else "")
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if request.POST.get("action", "") == "add":
            form = {key: request.POST.get(key, "") for key in SERVICE_FIELDS}
        try:
            done = _change_directory(staff, request.POST)
        except directory.DirectoryRefused as refused:
            errors, status = refused.errors, 400
        except PermissionDenied:
            refusal = _(
                "Only an administrator or a district child-protection officer of that district "
                "may change the directory."
            )
            errors, status = {"form": refusal}, 403
        else:
            if done is not None:
                messages.success(request, done)
                return redirect(reverse("web:services") + _query(district=district))
            errors, status = {"form": _("Unknown action.")}, 400
    page = Paginator(q.services_visible_to(staff, district), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "web/services.html",
        {
            "page": page,
            "districts": districts,
            "district": district,
            "manageable": manageable,
            "manageable_codes": {d.code for d in manageable},
            "kinds": directory.kind_choices(),
            "kind_labels": directory.KIND_LABELS,
            "form": form,
            "errors": errors,
            "page_extra": _also(district=district),
        },
        status=status,
    )


def _change_directory(staff: Staff, post: QueryDict) -> str | None:
    """Carry out the directory form's action; the words that confirm it, or None when the
    action is unknown."""
    action = post.get("action", "")
    if action == "add":
        service = directory.add_service(
            staff,
            district_code=post.get("district", ""),
            kind=post.get("kind", ""),
            name=post.get("name", ""),
            contact=post.get("contact", ""),
        )
        return _("Added “%(name)s” to the directory.") % {"name": service.name}
    if action in ("deactivate", "reactivate"):
        service = directory.set_service_active(
            staff, code=post.get("code", ""), active=action == "reactivate"
        )
        text = (
            _("“%(name)s” is active again.")
            if service.active
            else _("“%(name)s” is inactive: no new referrals can be made to it.")
        )
        return text % {"name": service.name}
    return None
