"""Queue an alert's SMS for its recipients, in bulk, into the outbox the worker delivers.

Each message's idempotency key is ``cap:<CAP identifier>:<recipient>``, the recipient being the
first 32 hex characters (128 bits) of the subscriber's phone hash, so the key is the same however
often the fan-out runs and whatever the subscriber's row id. Keys already in the outbox are skipped
before anything is sealed, and the insert ignores a key another process wrote meanwhile: a fan-out
that stopped half-way is finished by running it again, and nobody gets the message twice. For a
wider circle, pass the identifier of the message that first reached people: those already reached
are skipped, the newly covered are added.

Rows are written as ``notify.outbox.enqueue_sms`` writes them (sealed recipient and body, bound to
the key), one transaction per batch: a batch is all or nothing, and a million rows never hold
SQLite's write lock in one go. Responders come first in the outbox, so they are delivered first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from django.db import transaction

from nigraan import clock
from nigraan.alerts.phones import phone_opener
from nigraan.alerts.selection import Recipient
from nigraan.notify.models import OutboxMessage
from nigraan.notify.sealing import sealer

BATCH = 5_000
RECIPIENT_HASH_CHARS = 32


@dataclass(frozen=True)
class FanoutResult:
    queued: int  # new outbox rows
    skipped: int  # recipients whose key was already in the outbox


def idempotency_key(cap_identifier: str, phone_lookup: str) -> str:
    return f"cap:{cap_identifier}:{phone_lookup[:RECIPIENT_HASH_CHARS]}"


def _batches(recipients: Iterable[Recipient], size: int) -> Iterator[list[Recipient]]:
    iterator = iter(recipients)
    while batch := list(islice(iterator, size)):
        yield batch


def queue_alert_sms(
    cap_identifier: str,
    texts: Mapping[str, str],
    recipients: Iterable[Recipient],
    batch_size: int = BATCH,
) -> FanoutResult:
    """Queue one SMS per recipient, in the recipient's language (``texts``: language → text)."""
    open_phone = phone_opener()
    seal = sealer()
    queued = skipped = 0
    for batch in _batches(recipients, batch_size):
        keyed = {idempotency_key(cap_identifier, r.phone_lookup): r for r in batch}
        with transaction.atomic():
            existing = set(
                OutboxMessage.objects.filter(idempotency_key__in=list(keyed)).values_list(
                    "idempotency_key", flat=True
                )
            )
            now = clock.now()
            rows = [
                OutboxMessage(
                    idempotency_key=key,
                    channel="sms",
                    sealed_recipient=seal(
                        open_phone(recipient.sealed_phone, recipient.phone_lookup), key + "|to"
                    ),
                    sealed_body=seal(texts[recipient.language], key + "|body"),
                    next_attempt_at=now,
                    created_at=now,
                )
                for key, recipient in keyed.items()
                if key not in existing
            ]
            OutboxMessage.objects.bulk_create(rows, batch_size=1_000, ignore_conflicts=True)
        queued += len(rows)
        skipped += len(batch) - len(rows)
    return FanoutResult(queued=queued, skipped=skipped)
