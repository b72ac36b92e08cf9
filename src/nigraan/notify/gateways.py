"""SMS gateways. Each takes an idempotency key and must deliver a message at most once per key
(real gateways honour such a key; the simulated one does, so a retry after a lost answer never
sends twice). The outbox retries until one call succeeds: at least once + at most once per key
= exactly once."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Protocol

from django.conf import settings
from django.db import IntegrityError, transaction

from nigraan import clock


class GatewayError(Exception):
    """The gateway did not confirm delivery: the outbox will retry (with the same key)."""


class SmsGateway(Protocol):
    def send(self, *, to: str, text: str, idempotency_key: str) -> None: ...


class SimulatedGateway:
    """Records messages in the SimulatedSms table. ``fail_next`` makes the next calls fail: as
    'refused' (nothing sent) or 'lost' (sent, but the answer is lost), to test retries."""

    def __init__(self) -> None:
        self.fail_next: list[str] = []
        self.calls = 0

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        from nigraan.notify.models import SimulatedSms

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


def require_http(url: str, what: str) -> None:
    """Refuse a configured URL that is not http(s): urllib would also open file: and ftp: ones."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise GatewayError(f"{what} is not an http or https URL")


class HttpSmsGateway:
    """POSTs {"to", "text"} as JSON to NIGRAAN_SMS_GATEWAY_URL with a bearer token and an
    Idempotency-Key header; any 2xx answer counts as accepted."""

    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        require_http(self.url, "NIGRAAN_SMS_GATEWAY_URL")
        request = urllib.request.Request(  # noqa: S310 (scheme checked: http or https only)
            self.url,
            data=json.dumps({"to": to, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": idempotency_key,
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (http(s) only)
                if not 200 <= response.status < 300:
                    raise GatewayError(f"gateway answered HTTP {response.status}")
        except OSError as exc:
            raise GatewayError(f"gateway unreachable: {type(exc).__name__}") from exc


_simulated = SimulatedGateway()


def sms_gateway() -> SmsGateway:
    url = settings.NIGRAAN_SMS_GATEWAY_URL
    if url:
        return HttpSmsGateway(url, settings.NIGRAAN_SMS_GATEWAY_TOKEN)
    return _simulated
