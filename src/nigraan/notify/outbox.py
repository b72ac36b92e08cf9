"""Write messages to the outbox (inside the caller's transaction) and deliver what is due."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection, transaction

from nigraan import clock
from nigraan.notify import sealing
from nigraan.notify.channels import send_email, send_signed_post, send_webhook
from nigraan.notify.gateways import GatewayError, SmsGateway, sms_gateway
from nigraan.notify.models import OutboxMessage, OutboxPriority, OutboxStatus
from nigraan.notify.pacing import gateway_of, take_token

log = logging.getLogger("nigraan.notify")
MAX_ATTEMPTS = 8
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_WAIT = dt.timedelta(hours=1)


def enqueue_sms(*, to: str, text: str, key: str) -> OutboxMessage:
    """Queue an SMS. Call inside the transaction of the change that causes it."""
    if not connection.in_atomic_block:
        raise RuntimeError("enqueue inside the transaction that causes the message")
    now = clock.now()
    return OutboxMessage.objects.create(
        idempotency_key=key,
        channel="sms",
        sealed_recipient=sealing.seal(to, key + "|to"),
        sealed_body=sealing.seal(text, key + "|body"),
        next_attempt_at=now,
        created_at=now,
    )


def enqueue_email(*, to: str, subject: str, text: str, key: str) -> OutboxMessage:
    """Queue an email (subject and text travel together in the sealed body)."""
    if not connection.in_atomic_block:
        raise RuntimeError("enqueue inside the transaction that causes the message")
    now = clock.now()
    body = json.dumps({"subject": subject, "text": text})
    return OutboxMessage.objects.create(
        idempotency_key=key,
        channel="email",
        sealed_recipient=sealing.seal(to, key + "|to"),
        sealed_body=sealing.seal(body, key + "|body"),
        next_attempt_at=now,
        created_at=now,
    )


def enqueue_webhook(*, url: str, payload: dict, key: str) -> OutboxMessage:
    """Queue a signed webhook to a partner system (the URL is the 'recipient')."""
    if not connection.in_atomic_block:
        raise RuntimeError("enqueue inside the transaction that causes the message")
    now = clock.now()
    return OutboxMessage.objects.create(
        idempotency_key=key,
        channel="webhook",
        sealed_recipient=sealing.seal(url, key + "|to"),
        sealed_body=sealing.seal(json.dumps(payload, sort_keys=True), key + "|body"),
        next_attempt_at=now,
        created_at=now,
    )


def enqueue_signed_post(
    *, url: str, body: str, content_type: str, signature: str, key: str
) -> OutboxMessage:
    """Queue a POST signed by the caller (who signs over the key and the body), e.g. an alert's
    CAP document to a webhook subscriber."""
    if not connection.in_atomic_block:
        raise RuntimeError("enqueue inside the transaction that causes the message")
    now = clock.now()
    payload = json.dumps({"body": body, "content_type": content_type, "signature": signature})
    return OutboxMessage.objects.create(
        idempotency_key=key,
        channel="signed_post",
        sealed_recipient=sealing.seal(url, key + "|to"),
        sealed_body=sealing.seal(payload, key + "|body"),
        next_attempt_at=now,
        created_at=now,
    )


def backoff(attempts: int) -> dt.timedelta:
    return min(LONGEST_WAIT, FIRST_RETRY * (2 ** max(0, attempts - 1)))


# How long a claimed message is kept from other senders (NIGRAAN_OUTBOX_LEASE_SECONDS, default 120):
# longer than one delivery can take, short enough that a killed sender's message soon goes again.
def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.NIGRAAN_OUTBOX_LEASE_SECONDS)


# Channels whose rows carry no recipient or body: a resolver (registered by the app that queues
# them, e.g. alerts' ``alert_sms``) gives (channel to send on, recipient, text) from the key when
# the message is sent, or None when there is nobody to send to any more (an opt-out).
Resolved = tuple[str, str, str]
RESOLVERS: dict[str, Callable[[str], Resolved | None]] = {}
GONE = "recipient gone"


CAPPED = "capped"


def _claim(message_id: int, gateway: str) -> tuple[str, str, str, str] | None:
    """Take one due message for a while (a lease), so no other worker sends it meanwhile; if this
    worker dies, the lease runs out and the message is tried again (with the same key). A
    gateway at its rate cap leaves the message as it was (``CAPPED``)."""
    with transaction.atomic():
        query = OutboxMessage.objects.filter(
            pk=message_id, status=OutboxStatus.PENDING, next_attempt_at__lte=clock.now()
        )
        if connection.vendor == "postgresql":
            query = query.select_for_update(skip_locked=True)
        message = query.first()
        if message is None:
            return None
        if not take_token(gateway, clock.now()):
            return (CAPPED, "", "", "")
        message.next_attempt_at = clock.now() + _lease()
        message.save(update_fields=["next_attempt_at"])
        key = message.idempotency_key
        resolver = RESOLVERS.get(message.channel)
        if resolver is not None:
            resolved = resolver(key)
            return ("gone", key, "", "") if resolved is None else (resolved[0], key, *resolved[1:])
        return (
            message.channel,
            key,
            sealing.unseal(bytes(message.sealed_recipient), key + "|to"),
            sealing.unseal(bytes(message.sealed_body), key + "|body"),
        )


def _settle(message_id: int, error: str | None, *, gone: bool = False) -> str:
    """Record the outcome. ``gone``: settled with nothing sent (nobody to send to any more),
    marked so delivery figures do not count it as sent."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        message.attempts += 1
        if error is None:
            message.status = OutboxStatus.SENT
            message.sent_at = clock.now()
            message.sealed_recipient = b""
            message.sealed_body = b""
            message.last_error = GONE if gone else ""
            outcome = "sent"
        elif message.attempts >= MAX_ATTEMPTS:
            message.status = OutboxStatus.DEAD
            message.last_error = error[:300]
            outcome = "dead"
            log.warning("outbox message %s gave up after %s attempts", message.pk, message.attempts)
        else:
            message.last_error = error[:300]
            message.next_attempt_at = clock.now() + backoff(message.attempts)
            outcome = "retry"
        message.save()
        return outcome


def due_messages(limit: int) -> list[tuple[int, str]]:
    """(id, channel) of up to ``limit`` due messages: the first priority's oldest first, then the
    next priority's (each a range on the ``outbox_due_first`` index)."""
    now = clock.now()
    due: list[tuple[int, str]] = []
    for priority in sorted(OutboxPriority.values):
        if len(due) >= limit:
            break
        due += (
            OutboxMessage.objects.filter(
                status=OutboxStatus.PENDING, priority=priority, next_attempt_at__lte=now
            )
            .order_by("next_attempt_at", "id")
            .values_list("id", "channel")[: limit - len(due)]
        )
    return due


def _send(gateway: SmsGateway, channel: str, key: str, to: str, text: str) -> None:
    """Hand one message to its channel (raises ``GatewayError``)."""
    if channel == "sms":
        gateway.send(to=to, text=text, idempotency_key=key)
    elif channel == "email":
        send_email(to=to, body=json.loads(text), idempotency_key=key)
    elif channel == "webhook":
        send_webhook(url=to, body=text.encode(), idempotency_key=key)
    elif channel == "signed_post":
        send_signed_post(url=to, body=json.loads(text), idempotency_key=key)
    else:
        raise GatewayError(f"unknown channel {channel!r}")


def deliver_due(gateway: SmsGateway | None = None, limit: int = 100) -> dict[str, int]:
    """Deliver pending messages whose time has come, by priority; the gateway is called outside
    any database transaction. A gateway at its rate cap (``notify.pacing``) is not sent to again
    in this call: its messages wait (counted as ``capped``). Returns counts by outcome."""
    gateway = gateway or sms_gateway()
    counts = {"sent": 0, "retry": 0, "dead": 0, CAPPED: 0}
    capped: set[str] = set()
    for message_id, row_channel in due_messages(limit):
        on = gateway_of(row_channel)
        claimed = (CAPPED, "", "", "") if on in capped else _claim(message_id, on)
        if claimed is None:  # another worker has it, or it is no longer due
            continue
        if claimed[0] == CAPPED:
            capped.add(on)  # no token now: the rest of this gateway's messages wait
            counts[CAPPED] += 1
            continue
        channel, key, to, text = claimed
        if channel == "gone":  # nobody to send to any more: settled, nothing sent
            counts[_settle(message_id, None, gone=True)] += 1
            continue
        try:
            _send(gateway, channel, key, to, text)
        except GatewayError as exc:
            counts[_settle(message_id, str(exc))] += 1
        else:
            counts[_settle(message_id, None)] += 1
    if not counts[CAPPED]:
        del counts[CAPPED]  # named only when a cap held messages back
    return counts
