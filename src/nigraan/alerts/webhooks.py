"""Webhook subscribers (media, partner systems, an operator or regulator feed): each CAP message of
an alert they cover, POSTed to their URL, signed with their own secret.

The scheme (docs/alerts.md, "Webhook subscribers"):

- ``Content-Type: application/cap+xml``; the body is the CAP 1.2 document exactly as published
  (validated against the OASIS schema when it was made).
- ``Idempotency-Key: capw:<CAP identifier>:<subscriber id>``: the same for every delivery of one
  message to one subscriber, however often the outbox retries it.
- ``X-Nigraan-Signature: sha256=<hex HMAC-SHA256(secret, key + "\\n" + body)>``: the key is
  signed with the body, so a captured delivery cannot be replayed under a fresh key.

A receiver recomputes the HMAC (in constant time), refuses a bad signature (401) and a key it has
already accepted (409; the outbox takes 409 as "delivered before"). ``verify`` and
``Receiver`` below are that check, used by the tests against a real HTTP server.

The secret is made here, shown once, and kept sealed (AES-256-GCM under the outbox key, bound to
the subscriber's name); the outbox rows carry the signature, never the secret.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from nigraan import clock
from nigraan.alerts.models import WebhookSubscriber
from nigraan.geo.models import District
from nigraan.notify import sealing
from nigraan.notify.models import OutboxMessage
from nigraan.notify.outbox import enqueue_signed_post

CONTENT_TYPE = "application/cap+xml"


class WebhookInvalid(ValueError):
    pass


def _context(name: str) -> str:
    return "alert-webhook|" + name


def add_webhook_subscriber(
    name: str, url: str, *, districts: Iterable[str] = (), is_test: bool = False
) -> tuple[WebhookSubscriber, str]:
    """Register a partner; returns the row and its secret (shown once, to give the partner)."""
    name, codes = name.strip(), sorted(set(districts))
    if not name:
        raise WebhookInvalid("the subscriber needs a name")
    if not url.lower().startswith(("https://", "http://")):
        raise WebhookInvalid("the URL must be http(s)")
    known = set(District.objects.filter(code__in=codes).values_list("code", flat=True))
    if unknown := [code for code in codes if code not in known]:
        raise WebhookInvalid(f"unknown district P-codes: {', '.join(unknown)}")
    secret = secrets.token_urlsafe(32)
    row = WebhookSubscriber.objects.create(
        name=name,
        url=url,
        sealed_secret=sealing.seal(secret, _context(name)),
        districts=codes,
        is_test=is_test,
        created_at=clock.now(),
    )
    return row, secret


def remove_webhook_subscriber(name: str) -> bool:
    deleted, _ = WebhookSubscriber.objects.filter(name=name.strip()).delete()
    return deleted > 0


def signature(secret: str, key: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), key.encode() + b"\n" + body, hashlib.sha256).hexdigest()
    return "sha256=" + digest


def verify(secret: str, key: str, body: bytes, given: str) -> bool:
    return hmac.compare_digest(signature(secret, key, body), given)


@dataclass
class Receiver:
    """A receiver's check: the signature, then the idempotency key (each accepted once)."""

    secret: str
    seen: set[str] = field(default_factory=set)

    def accept(self, headers: Mapping[str, str], body: bytes) -> int:
        """The HTTP status to answer: 200 accepted, 401 bad signature, 409 already accepted."""
        key = headers.get("Idempotency-Key", "")
        if not key or not verify(self.secret, key, body, headers.get("X-Nigraan-Signature", "")):
            return 401
        if key in self.seen:
            return 409
        self.seen.add(key)
        return 200


def _covering(district_codes: Iterable[str], exercise: bool) -> list[WebhookSubscriber]:
    """Partners whose districts the alert reaches (or who take the whole country); drills go to
    test partners only, real alerts never to them."""
    codes = set(district_codes)
    rows = WebhookSubscriber.objects.filter(is_test=exercise).order_by("id")
    return [row for row in rows if not row.districts or codes & set(row.districts)]


def queue_alert_webhooks(
    cap_identifier: str, cap_xml: bytes, district_codes: Iterable[str], *, exercise: bool
) -> int:
    """Queue the CAP message, signed, to every partner it concerns; call inside the transaction
    that issues it. A key already queued is not queued again. Returns how many were queued."""
    queued = 0
    for row in _covering(district_codes, exercise):
        key = f"capw:{cap_identifier}:{row.pk}"
        if _queued(key):
            continue
        secret = sealing.unseal(bytes(row.sealed_secret), _context(row.name))
        enqueue_signed_post(
            url=row.url,
            body=cap_xml.decode(),
            content_type=CONTENT_TYPE,
            signature=signature(secret, key, cap_xml),
            key=key,
        )
        queued += 1
    return queued


def _queued(key: str) -> bool:
    return OutboxMessage.objects.filter(idempotency_key=key).exists()
