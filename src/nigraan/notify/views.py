"""The outbox's dead letters, for administrators: messages given up on after every retry."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nigraan.accounts.permissions import Action, may
from nigraan.notify.models import OutboxMessage, OutboxStatus


@login_required
def dead_letters(request: HttpRequest) -> HttpResponse:
    if not may(request.user, Action.MANAGE_STAFF):
        raise PermissionDenied("administrators only")
    dead = OutboxMessage.objects.filter(status=OutboxStatus.DEAD).order_by("-created_at")[:200]
    pending = OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count()
    return render(request, "notify/dead_letters.html", {"dead": dead, "pending": pending})
