"""Who an alert SMS goes to and what it says, found when the worker sends it (``fanout_sql``
queues rows that carry neither): the subscriber by the key's hash prefix, their number unsealed
now, the text of the message in their language. None when the subscriber opted out since."""

from __future__ import annotations

from nigraan.alerts.models import AlertSmsText, Subscriber
from nigraan.alerts.phones import unseal_phone


def resolve(key: str) -> tuple[str, str, str] | None:
    """("sms", number, text) for an ``alert_sms`` row's key ``cap:<identifier>:<hash prefix>``."""
    _cap, identifier, prefix = key.split(":", 2)
    # A range on the unique index (SQLite's LIKE would not use it).
    subscriber = (
        Subscriber.objects.filter(phone_lookup__gte=prefix, phone_lookup__lt=prefix + "g")
        .only("phone_lookup", "sealed_phone", "language")
        .first()
    )
    if subscriber is None:
        return None
    texts = dict(AlertSmsText.objects.filter(identifier=identifier).values_list("language", "text"))
    text = texts.get(subscriber.language) or next(iter(texts.values()), "")
    if not text:
        return None
    number = unseal_phone(bytes(subscriber.sealed_phone), subscriber.phone_lookup)
    return "sms", number, text
