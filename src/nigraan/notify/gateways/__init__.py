"""SMS gateways: one module per gateway, each holding both directions (see ``base``).

``NIGRAAN_SMS_GATEWAY`` chooses one (read in settings by ``nigraan.security.env.sms_gateway``):
``twilio``, ``rapidpro`` (courier External protocol), ``json`` (a partner's own relay), or
``simulated`` (demo sites and tests only). ``configured_gateway()`` builds it from the settings
and is called once at start-up (``NotifyConfig.ready``), so missing variables stop the site with
a message instead of failing at the first SMS.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.conf import settings

from nigraan.notify.gateways.base import (
    GatewayError,
    InboundGateway,
    InboundRefused,
    InboundSms,
    OutboundGateway,
)
from nigraan.notify.gateways.generic_json import JsonGateway
from nigraan.notify.gateways.rapidpro import ExternalGateway
from nigraan.notify.gateways.simulated import SimulatedGateway
from nigraan.notify.gateways.twilio import TwilioGateway

# Each gateway module's constructor from the settings (NIGRAAN_SMS_OPTIONS).
GATEWAYS: dict[str, Callable[[Mapping[str, str]], OutboundGateway]] = {
    "twilio": TwilioGateway.from_settings,
    "rapidpro": ExternalGateway.from_settings,
    "json": JsonGateway.from_settings,
    "simulated": SimulatedGateway.from_settings,
}

# The name existing callers use for the outbound side.
SmsGateway = OutboundGateway


class NoGateway:
    """SMS is not configured: every message waits in the outbox, is retried, and ends in the dead
    letters administrators see, rather than being kept anywhere in plain text."""

    name = "none"

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        raise GatewayError("no SMS gateway is configured (NIGRAAN_SMS_GATEWAY)")


def configured_gateway() -> OutboundGateway | None:
    """The gateway the settings name, built from its variables, or None without SMS."""
    name = getattr(settings, "NIGRAAN_SMS_GATEWAY", "")
    if not name:
        return None
    return GATEWAYS[name](getattr(settings, "NIGRAAN_SMS_OPTIONS", {}))


def inbound_gateway() -> InboundGateway | None:
    """The configured gateway's inbound half (what ``/api/v1/sms/inbound`` accepts), or None
    when no gateway is configured."""
    gateway = configured_gateway()
    return gateway if isinstance(gateway, InboundGateway) else None


def sms_gateway() -> OutboundGateway:
    return configured_gateway() or NoGateway()


__all__ = [
    "GATEWAYS",
    "ExternalGateway",
    "GatewayError",
    "InboundGateway",
    "InboundRefused",
    "InboundSms",
    "JsonGateway",
    "NoGateway",
    "OutboundGateway",
    "SimulatedGateway",
    "SmsGateway",
    "TwilioGateway",
    "configured_gateway",
    "inbound_gateway",
    "sms_gateway",
]
