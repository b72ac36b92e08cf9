"""Queue an alert's SMS for its recipients, in bulk, into the outbox the worker delivers.

Each message's idempotency key is ``cap:<CAP identifier>:<recipient>``, the recipient being the
first 32 hex characters (128 bits) of the subscriber's phone hash, so the key is the same however
often the fan-out runs and whatever the subscriber's row id. Keys already in the outbox are skipped
before anything is sealed, and the insert ignores a key another process wrote meanwhile: a fan-out
that stopped half-way is finished by running it again, and nobody gets the message twice. For a
wider circle, pass the identifier of the message that first reached people: those already reached
are skipped, the newly covered are added.

Rows are written as ``notify.outbox.enqueue_sms`` writes them (sealed recipient and body, bound to
the key), with COPY or a prepared INSERT (``outbox_bulk``), one transaction per batch: a batch is
all or nothing, and a million rows never hold SQLite's write lock in one go. Responders come first
in the outbox, so they are delivered first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice

from django.db import IntegrityError, transaction

from nigraan import clock
from nigraan.alerts.outbox_bulk import database_time, insert_outbox_rows, sms_row
from nigraan.alerts.phones import phone_opener
from nigraan.alerts.selection import Recipient
from nigraan.notify.models import OutboxMessage
from nigraan.notify.sealing import sealer

BATCH = 5_000
RETRIES = 3
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


@dataclass(frozen=True)
class _Crypto:
    open_phone: Callable[[bytes, str], str]
    seal: Callable[[str, str], bytes]


def already_queued(cap_identifier: str) -> bool:
    """Whether any message of this fan-out is in the outbox (a range on the unique key's index:
    SQLite's LIKE would not use it)."""
    prefix = idempotency_key(cap_identifier, "")
    return OutboxMessage.objects.filter(
        idempotency_key__gte=prefix, idempotency_key__lt=prefix[:-1] + ";"
    ).exists()


def _queue_batch(
    cap_identifier: str,
    texts: Mapping[str, str],
    batch: list[Recipient],
    crypto: _Crypto,
    check_existing: bool,
) -> int:
    """Queue one batch in one transaction; returns how many rows were new."""
    keyed = {idempotency_key(cap_identifier, r.phone_lookup): r for r in batch}
    with transaction.atomic():
        existing: set[str] = set()
        if check_existing:
            existing = set(
                OutboxMessage.objects.filter(idempotency_key__in=list(keyed)).values_list(
                    "idempotency_key", flat=True
                )
            )
        now = database_time(clock.now())
        rows = [
            sms_row(
                key,
                crypto.seal(crypto.open_phone(r.sealed_phone, r.phone_lookup), key + "|to"),
                crypto.seal(texts[r.language], key + "|body"),
                now,
            )
            for key, r in keyed.items()
            if key not in existing
        ]
        insert_outbox_rows(rows)
    return len(rows)


def queue_alert_sms(
    cap_identifier: str,
    texts: Mapping[str, str],
    recipients: Iterable[Recipient],
    batch_size: int = BATCH,
) -> FanoutResult:
    """Queue one SMS per recipient, in the recipient's language (``texts``: language → text)."""
    crypto = _Crypto(open_phone=phone_opener(), seal=sealer())
    # A first fan-out (the usual case) has nothing to skip: no look-up per batch then.
    resuming = already_queued(cap_identifier)
    queued = skipped = 0
    for batch in _batches(recipients, batch_size):
        for attempt in range(RETRIES + 1):
            try:
                new = _queue_batch(cap_identifier, texts, batch, crypto, resuming or attempt > 0)
                break
            except IntegrityError:
                # Another fan-out of the same alert committed some of these keys meanwhile;
                # the batch was rolled back whole, and the next try skips them.
                if attempt == RETRIES:
                    raise
        queued += new
        skipped += len(batch) - new
    return FanoutResult(queued=queued, skipped=skipped)
