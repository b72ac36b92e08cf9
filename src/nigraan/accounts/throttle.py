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


def keys_for(username: str, address: str) -> list[str]:
    return [_key("user", username.strip().lower()), _key("addr", address)]


def lock_for(username: str, address: str) -> Lock | None:
    """The lock in force for this username or address (or globally), if any."""
    now = clock.now()
    latest: dt.datetime | None = None
    for key in keys_for(username, address):
        times = list(
            LoginFailure.objects.filter(key=key, at__gt=now - WINDOW)
            .order_by("-at")
            .values_list("at", flat=True)[: LIMIT * 4]
        )
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
    LoginFailure.objects.bulk_create(
        [LoginFailure(key=key, at=now) for key in keys_for(username, address)]
    )
    LoginFailure.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()


def clear_username(username: str) -> None:
    LoginFailure.objects.filter(key=_key("user", username.strip().lower())).delete()


# ---- the same machinery for other guessable secrets (receipt codes) -------------------------


def key(kind: str, value: str) -> str:
    return _key(kind, value)


def lock_for_keys(
    keys: list[str],
    *,
    limit: int,
    window: dt.timedelta,
    global_kind: str = "",
    global_limit: int = 0,
    global_window: dt.timedelta = GLOBAL_WINDOW,
) -> Lock | None:
    """The lock in force for any of ``keys`` (``limit`` failures within ``window``), or for the
    whole site (``global_limit`` failures of ``global_kind`` within ``global_window``)."""
    now = clock.now()
    latest: dt.datetime | None = None
    for one in keys:
        times = list(
            LoginFailure.objects.filter(key=one, at__gt=now - window)
            .order_by("-at")
            .values_list("at", flat=True)[:limit]
        )
        if len(times) >= limit:
            until = times[limit - 1] + window
            if until > now and (latest is None or until > latest):
                latest = until
    if global_kind and global_limit:
        count = LoginFailure.objects.filter(
            key=_key(global_kind, "*"), at__gt=now - global_window
        ).count()
        if count >= global_limit:
            until = now + global_window
            latest = until if latest is None or until > latest else latest
    return Lock(latest) if latest else None


def record_keys(keys: list[str], *, global_kind: str = "") -> None:
    now = clock.now()
    rows = [LoginFailure(key=one, at=now) for one in keys]
    if global_kind:
        rows.append(LoginFailure(key=_key(global_kind, "*"), at=now))
    LoginFailure.objects.bulk_create(rows)


def count_global(global_kind: str, window: dt.timedelta) -> int:
    """How many failures of ``global_kind`` were recorded across the site within ``window``."""
    return LoginFailure.objects.filter(
        key=_key(global_kind, "*"), at__gt=clock.now() - window
    ).count()
