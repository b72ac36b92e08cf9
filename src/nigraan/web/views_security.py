"""The administrators' page of security events (English and Urdu, labels not codes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nigraan.accounts.permissions import Action, may
from nigraan.security.models import SecurityEventKind
from nigraan.security.queries import describe, security_events

PAGE_SIZE = 50


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Action.VIEW_SECURITY_EVENTS):
        raise PermissionDenied("administrators only")
    kind = request.GET.get("kind", "")[:40]
    actor = request.GET.get("actor", "")[:150].strip()
    page = Paginator(security_events(kind=kind, actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    labels = dict(SecurityEventKind.choices)
    rows = [
        {"event": event, "label": labels.get(event.kind, event.kind), "details": describe(event)}
        for event in page
    ]
    return render(
        request,
        "security/events.html",
        {
            "page": page,
            "rows": rows,
            "kinds": SecurityEventKind.choices,
            "kind": kind,
            "actor": actor,
        },
    )
