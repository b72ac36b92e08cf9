"""Who is asking: the client's address, as far as the site can trust it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

__all__ = ["client_address"]


def client_address(request: HttpRequest) -> str:
    """The client's address: the socket's peer, or behind ``NIGRAAN_TRUSTED_PROXIES`` reverse
    proxies the right-most X-Forwarded-For entry that no trusted proxy wrote.

    Each trusted proxy appends the address it received the request from, so with N proxies the
    N-th entry from the right was written by the outermost proxy and is the client; anything to
    its left came from the client and is ignored (trusting the left-most entry let anyone
    rotate it and escape every per-address limit)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "NIGRAAN_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
    if not entries:
        return remote
    return entries[-min(proxies, len(entries))]
