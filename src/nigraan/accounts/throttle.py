"""Throttling of failed logins, per username, per client address, and across the whole site.

Five failures for one username or one address within 15 minutes lock that username or address
until 15 minutes after the oldest of them; each further failure pushes the lock out. The refusal
never says whether the username exists. Keys are SHA-256 hashes: raw addresses are not stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from nigraan import clock
from nigraan.accounts.models import LoginFailure

WINDOW = dt.timedelta(minutes=15)
LIMIT = 5
GLOBAL_WINDOW = dt.timedelta(minutes=1)
GLOBAL_LIMIT = 300


@dataclass(frozen=True)
class Lock:
    until: dt.datetime


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}|{kind}|{value}".encode()).hexdigest()


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def keys_for(username: str, address: str) -> list[str]:
    return [_key("user", username.strip().lower()), _key("addr", address)]


def lock_for(username: str, address: str) -> Lock | None:
    """The lock in force for this username or address (or globally), if any."""
    now = clock.now()
    latest: dt.datetime | None = None
    for key in keys_for(username, address):
        times = list(LoginFailure.objects.filter(key=key, at__gt=now - WINDOW).order_by("-at").values_list("at", flat=True)[: LIMIT * 4])
        if len(times) >= LIMIT:
            # Locked until WINDOW after the LIMIT-th most recent failure.
            until = times[LIMIT - 1] + WINDOW
            if until > now and (latest is None or until > latest):
                latest = until
    if LoginFailure.objects.filter(at__gt=now - GLOBAL_WINDOW).count() >= GLOBAL_LIMIT * 2:
        until = now + GLOBAL_WINDOW
        latest = until if latest is None or until > latest else latest
    return Lock(latest) if latest else None


def record_failure(username: str, address: str) -> None:
    now = clock.now()
    LoginFailure.objects.bulk_create([LoginFailure(key=key, at=now) for key in keys_for(username, address)])
    LoginFailure.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()


def clear_username(username: str) -> None:
    LoginFailure.objects.filter(key=_key("user", username.strip().lower())).delete()
