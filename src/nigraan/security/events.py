"""Write security events. Reads for the page and the command live in ``queries.py``.

A refusal usually happens inside the transaction of a command that is then rolled back; an
event written there would vanish with it. So inside a request a refusal raised in a
transaction waits in a per-request list, and the middleware writes it once the request's work
is over (``flush_pending``). Everything else is written at once, in the caller's transaction.
"""

from __future__ import annotations

import hashlib
import hmac
from contextvars import ContextVar, Token
from typing import Any

from django.conf import settings
from django.db import connection

from nigraan import clock
from nigraan.security.models import SecurityEvent, SecurityEventKind

SOURCE_LENGTH = 12

_pending: ContextVar[list[SecurityEvent] | None] = ContextVar("security_pending", default=None)
_refusal_recorded: ContextVar[bool] = ContextVar("security_refusal_recorded", default=False)


def source_of(address: str) -> str:
    """A short keyed hash of a client address: the same address gives the same tag, so an
    administrator can see that failures come from one place, without the address being kept."""
    if not address:
        return ""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"security-source|{address}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:SOURCE_LENGTH]


def printable(text: str) -> str:
    """Control characters written as escapes, so a crafted path cannot forge lines in a listing."""
    return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04x}" for ch in text)


def _event(
    kind: SecurityEventKind, actor: str, address: str, details: dict[str, Any]
) -> SecurityEvent:
    return SecurityEvent(
        at=clock.now(),
        kind=kind,
        actor=actor[:150],
        source=source_of(address),
        details=details,
    )


def record(
    kind: SecurityEventKind, *, actor: str = "", address: str = "", **details: Any
) -> SecurityEvent:
    """Write one event now, in the caller's transaction (it rolls back with the caller's work)."""
    event = _event(kind, actor, address, details)
    event.save()
    return event


def record_refusal(
    staff: Any, *, what: str, case_ref: str = "", path: str = "", address: str = ""
) -> None:
    """A staff member was refused something. Written even if the surrounding transaction is
    rolled back (see the module's docstring); recorded once per request."""
    username = getattr(staff, "username", "") if getattr(staff, "is_authenticated", False) else ""
    if not username:
        return  # the public is refused at the login page, not recorded person by person
    details = {"what": what[:64]}
    if case_ref:
        details["case"] = case_ref[:32]
    if path:
        details["path"] = printable(path[:200])
    event = _event(SecurityEventKind.PERMISSION_REFUSED, username, address, details)
    _refusal_recorded.set(True)
    pending = _pending.get()
    if connection.in_atomic_block and pending is not None:
        pending.append(event)
    else:
        event.save()


def refusal_recorded() -> bool:
    return _refusal_recorded.get()


RequestScope = tuple[Token[list[SecurityEvent] | None], Token[bool]]


def begin_request() -> RequestScope:
    return _pending.set([]), _refusal_recorded.set(False)


def flush_pending() -> None:
    """Write the events that waited for the request's transactions to end."""
    pending = _pending.get()
    if pending:
        SecurityEvent.objects.bulk_create(pending)
        pending.clear()


def end_request(scope: RequestScope) -> None:
    _pending.reset(scope[0])
    _refusal_recorded.reset(scope[1])
