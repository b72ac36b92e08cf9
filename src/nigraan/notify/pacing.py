"""Rate caps per gateway: a token bucket in the database (``DeliveryPace``), so workers on many
machines share one pace. ``NIGRAAN_OUTBOX_RATES`` gives messages per second per gateway
(``{"sms": 30}``); a gateway not named there is not capped. Alert SMS (``alert_sms``) count
against the SMS gateway: ``SENDS_ON`` maps a resolver's channel to the gateway it sends on."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction

from nigraan.notify.models import DeliveryPace

SENDS_ON: dict[str, str] = {}  # registered by the app that queues the channel (alerts: sms)


def gateway_of(channel: str) -> str:
    return SENDS_ON.get(channel, channel)


def rate_of(gateway: str) -> float:
    """Messages per second allowed on ``gateway``; 0 means no cap."""
    return float(settings.NIGRAAN_OUTBOX_RATES.get(gateway, 0) or 0)


def take_token(gateway: str, now: dt.datetime) -> bool:
    """One message's worth of the gateway's rate, if there is one now. Call inside the
    transaction that claims the message: the bucket's row is locked until it commits, and a
    claim that fails gives its token back with the rollback."""
    rate = rate_of(gateway)
    if rate <= 0:
        return True
    burst = max(rate, 1.0)  # one second's worth (at least one message)
    pace = DeliveryPace.objects.select_for_update().filter(gateway=gateway).first()
    if pace is None:
        try:
            with transaction.atomic():
                pace = DeliveryPace.objects.create(gateway=gateway, tokens=burst, refilled_at=now)
        except IntegrityError:  # another worker made it meanwhile
            pace = DeliveryPace.objects.select_for_update().get(gateway=gateway)
    elapsed = max(0.0, (now - pace.refilled_at).total_seconds())
    tokens = min(burst, pace.tokens + elapsed * rate)
    if tokens < 1:
        return False
    pace.tokens, pace.refilled_at = tokens - 1, max(now, pace.refilled_at)
    pace.save(update_fields=["tokens", "refilled_at"])
    return True
