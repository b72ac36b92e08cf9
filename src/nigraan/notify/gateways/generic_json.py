"""The generic JSON gateway: for a partner's own SMS relay (outbound now; inbound in phase 2).

POSTs ``{"to", "text"}`` as JSON to ``NIGRAAN_SMS_GATEWAY_URL`` with
``Authorization: Bearer NIGRAAN_SMS_GATEWAY_TOKEN`` and an ``Idempotency-Key`` header that is the
same on every retry of one message; a relay that honours it sends each message exactly once.
Any 2xx answer counts as accepted.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from nigraan.notify.gateways import http
from nigraan.notify.gateways.base import required, wire_key


class JsonGateway:
    name = "json"

    def __init__(self, url: str, token: str, timeout: float = 10.0) -> None:
        self.url, self.token, self.timeout = url, token, timeout

    @classmethod
    def from_settings(cls, options: Mapping[str, str]) -> JsonGateway:
        url, token = required(
            options, "NIGRAAN_SMS_GATEWAY_URL", "NIGRAAN_SMS_GATEWAY_TOKEN", gateway="json"
        )
        return cls(url, token)

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        http.call(
            "POST",
            self.url,
            body=json.dumps({"to": to, "text": text}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
                "Idempotency-Key": wire_key(idempotency_key),
            },
            timeout=self.timeout,
            gateway=self.name,
        )
