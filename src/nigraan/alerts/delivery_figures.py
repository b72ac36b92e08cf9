"""How an alert's messages went out, per channel, for its staff page: how many are queued, sent,
failed (the outbox gave up) or had nobody left to send to (an opt-out after queueing), and the
time from issue to sending (p50 and p95).

Read from the outbox rows themselves, found by their keys (``cap:<CAP identifier>:…`` for SMS,
``capw:<CAP identifier>:…`` for partners' signed CAP): each row keeps ``created_at`` (queued in
the transaction that issued the message, so the issue time) and ``sent_at``. Nothing is written
for these figures.

Finding the rows: LIKE alone is not served by the outbox's unique index on PostgreSQL under a
non-C collation (the pattern index was dropped for the fan-out's sake, ``notify/0004``), so each
prefix is also bounded by a range the index serves, ``prefix <= key < prefix + "g"``: whatever
the collation, a string sorts after its own prefix, and what follows the prefix (hex digits, or
a partner's number) sorts before "g". The range may hold a few other keys (collations that skip
punctuation put ``…-1:`` and ``…-10:`` together); the LIKE keeps only the alert's own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils.translation import gettext_lazy

from nigraan.alerts.models import PublishedAlert
from nigraan.notify.models import OutboxMessage, OutboxStatus
from nigraan.notify.outbox import GONE

CHANNEL_NAMES = {
    "alert_sms": gettext_lazy("SMS"),
    "signed_post": gettext_lazy("Partners (signed CAP)"),
}


@dataclass(frozen=True)
class ChannelDelivery:
    channel: str
    queued: int  # waiting (or being retried)
    sent: int
    failed: int  # the outbox gave up (dead letters)
    gone: int  # nobody to send to any more (opted out after queueing)
    p50: dt.timedelta | None  # issue to sending, over the messages sent
    p95: dt.timedelta | None

    @property
    def name(self) -> str:
        return str(CHANNEL_NAMES.get(self.channel, self.channel))


def _rows(row: PublishedAlert) -> QuerySet[OutboxMessage]:
    keys = Q(pk__in=[])
    for identifier, _sent in row.messages:
        for prefix in (f"cap:{identifier}:", f"capw:{identifier}:"):
            keys |= Q(
                idempotency_key__gte=prefix,
                idempotency_key__lt=prefix + "g",
                idempotency_key__startswith=prefix,
            )
    return OutboxMessage.objects.filter(keys)


def _percentile(sent: QuerySet[OutboxMessage], count: int, share: float) -> dt.timedelta | None:
    """The nearest-rank percentile of the sending delays, in the database (ORDER BY … OFFSET)."""
    if count == 0:
        return None
    rank = max(0, min(count - 1, int(share * count + 0.999999) - 1))
    delay = ExpressionWrapper(F("sent_at") - F("created_at"), output_field=DurationField())
    value = sent.annotate(delay=delay).order_by("delay").values_list("delay", flat=True)[rank]
    return value if isinstance(value, dt.timedelta) else dt.timedelta(microseconds=int(value))


def delivery_by_channel(row: PublishedAlert) -> list[ChannelDelivery]:
    """Per channel, in name order; empty for an alert not issued."""
    if not row.messages:
        return []
    rows = _rows(row)
    tally: dict[str, dict[str, int]] = {}
    grouped = rows.values("channel", "status").annotate(
        n=Count("pk"), gone=Count("pk", filter=Q(last_error=GONE, status=OutboxStatus.SENT))
    )
    for item in grouped:
        counts = tally.setdefault(item["channel"], {})
        counts[item["status"]] = counts.get(item["status"], 0) + item["n"]
        counts["gone"] = counts.get("gone", 0) + item["gone"]
    figures = []
    for channel in sorted(tally):
        counts = tally[channel]
        sent = rows.filter(channel=channel, status=OutboxStatus.SENT).exclude(last_error=GONE)
        delivered = counts.get(OutboxStatus.SENT, 0) - counts.get("gone", 0)
        figures.append(
            ChannelDelivery(
                channel=channel,
                queued=counts.get(OutboxStatus.PENDING, 0),
                sent=delivered,
                failed=counts.get(OutboxStatus.DEAD, 0),
                gone=counts.get("gone", 0),
                p50=_percentile(sent, delivered, 0.50),
                p95=_percentile(sent, delivered, 0.95),
            )
        )
    return figures
