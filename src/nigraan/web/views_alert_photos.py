"""The child's photo of an alert: at its public address while the alert is active, and on the
case page for the case's staff (the approver sees it before approving).

The public address answers 410 Gone as soon as the child is found or the alert cancelled (and
once the case is shredded): the photo is unsealed for each request, never kept in plain
(``alerts.photo_store``). Short caching, no cookies, and a request to search engines not to
index or archive it, so a withdrawn photo does not live on in their caches.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseGone
from django.views.decorators.http import require_safe

from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.alerts.models import AlertPhotoRecord, AlertState, PublishedAlert
from nigraan.alerts.photo_store import unsealed_photo
from nigraan.alerts.photos import MEDIA_TYPE
from nigraan.cases.crypto import KeyUnavailable
from nigraan.cases.selectors import visible_cases

PUBLIC_MAX_AGE = 60  # seconds a cache may keep it: a withdrawal reaches every reader quickly


def _jpeg(data: bytes, cache_control: str) -> HttpResponse:
    response = HttpResponse(data, content_type=MEDIA_TYPE)
    response["Cache-Control"] = cache_control
    response["X-Robots-Tag"] = "noindex, noarchive"
    return response


@require_safe
def public_photo(request: HttpRequest, reference: str) -> HttpResponse:
    row = PublishedAlert.objects.filter(reference=reference).first()
    if row is None or not row.messages or not AlertPhotoRecord.objects.filter(alert=row).exists():
        raise Http404
    if row.state != AlertState.ACTIVE or not row.content.get("photo"):
        return HttpResponseGone()  # found or cancelled: withdrawn
    try:
        data = unsealed_photo(row)
    except KeyUnavailable:
        return HttpResponseGone()  # the case was shredded
    if data is None:
        raise Http404
    return _jpeg(data, f"public, max-age={PUBLIC_MAX_AGE}")


@staff_login_required
@require_safe
def staff_photo(request: StaffRequest, case_ref: str, reference: str) -> HttpResponse:
    """The photo for the case's staff, whatever the alert's state (what was drafted, and what
    was published): never cached."""
    case = visible_cases(request.user, ref=case_ref).first()
    row = PublishedAlert.objects.filter(reference=reference, case_ref=case_ref).first()
    if case is None or case.ref != case_ref or row is None:
        raise Http404
    try:
        data = unsealed_photo(row)
    except KeyUnavailable:
        return HttpResponseGone()
    if data is None:
        raise Http404
    return _jpeg(data, "private, no-store")
