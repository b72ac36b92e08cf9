"""A staff member's notices: what was escalated to them, new reports for their place, messages
from reporters, alarms. Unread ones are counted in the staff menu on every page; opening the case
a notice is about marks it read, and the list can mark them read by hand."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.notify.models import StaffNotice

READ_SHOWN = 50  # the most recent read notices, below the unread ones (first page only)
UNREAD_PAGE = 30  # unread notices per page, newest first


def unread_count(user: object) -> int:
    """For the staff menu: how many notices this person has not read."""
    if not isinstance(user, Staff):  # the public pages' anonymous visitor
        return 0
    return StaffNotice.objects.filter(staff=user, read_at__isnull=True).count()


def mark_case_notices_read(staff: Staff, case_id: int) -> int:
    """Opening a case page reads the viewer's notices about it."""
    return StaffNotice.objects.filter(staff=staff, case_id=case_id, read_at__isnull=True).update(
        read_at=clock.now()
    )


@staff_login_required
@require_http_methods(["GET", "POST"])
def notices(request: StaffRequest) -> HttpResponse:
    mine = StaffNotice.objects.filter(staff=request.user).select_related("case")
    if request.method == "POST":
        chosen = mine.filter(read_at__isnull=True)
        notice_id = request.POST.get("notice", "")
        if notice_id != "all":
            chosen = chosen.filter(pk=int(notice_id) if notice_id.isdigit() else 0)
        chosen.update(read_at=clock.now())
        return redirect("web:notices")
    unread = Paginator(
        mine.filter(read_at__isnull=True).order_by("-created_at", "-pk"), UNREAD_PAGE
    )
    page = unread.get_page(request.GET.get("page"))
    read = (
        list(mine.filter(read_at__isnull=False).order_by("-read_at")[:READ_SHOWN])
        if page.number == 1
        else []
    )
    return render(
        request,
        "web/notices.html",
        {"unread": page, "unread_total": unread.count, "read": read, "page": page},
    )
