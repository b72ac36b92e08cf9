"""The simulated gateway, for demo sites and the test suite only.

It records every message in the ``notify_simulatedsms`` table, in plain text: phone numbers and
receipt codes included. That is why ``NIGRAAN_SMS_GATEWAY=simulated`` is refused at start-up
outside demo mode and tests (``nigraan.security.env.sms_gateway``).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import IntegrityError, transaction

from nigraan import clock
from nigraan.notify.gateways.base import GatewayError
from nigraan.notify.gateways.generic_json import GenericInbound
from nigraan.notify.models import SimulatedSms


class SimulatedGateway(GenericInbound):
    """Records messages in the SimulatedSms table, once per idempotency key. ``fail_next`` makes
    the next calls fail: as 'refused' (nothing sent) or 'lost' (sent, but the answer is lost),
    to test retries. Inbound, it reads what the generic JSON gateway reads."""

    name = "simulated"

    def __init__(self) -> None:
        self.fail_next: list[str] = []
        self.calls = 0

    @classmethod
    def from_settings(cls, options: Mapping[str, str]) -> SimulatedGateway:
        return SHARED

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        self.calls += 1
        failure = self.fail_next.pop(0) if self.fail_next else ""
        if failure == "refused":
            raise GatewayError("simulated gateway refused the message")
        try:
            with transaction.atomic():
                SimulatedSms.objects.create(
                    message_id=idempotency_key, to=to, text=text, accepted_at=clock.now()
                )
        except IntegrityError:
            pass  # already sent under this key: a gateway answers success and sends nothing
        if failure == "lost":
            raise GatewayError("simulated gateway accepted the message but the answer was lost")


SHARED = SimulatedGateway()
