"""Twilio: outbound through the Messages API (inbound parsing comes in phase 2, here).

``POST {api}/2010-04-01/Accounts/{AccountSid}/Messages.json``, form-encoded ``To``, ``Body`` and
``From`` (or ``MessagingServiceSid``), with HTTP Basic auth ``AccountSid:AuthToken``: the format
Twilio's own library sends (tests/test_sms_gateways.py compares the two on a local server).

Twilio's Messages API takes no idempotency key, so a retry after a lost answer can send a
message twice: at least once, not exactly once, through this gateway.

Settings: ``NIGRAAN_TWILIO_ACCOUNT_SID``, ``NIGRAAN_TWILIO_AUTH_TOKEN``, and
``NIGRAAN_TWILIO_FROM`` (a Twilio number) or ``NIGRAAN_TWILIO_MESSAGING_SERVICE_SID``;
``NIGRAAN_TWILIO_API_URL`` only to point at a test server.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

from nigraan.notify.gateways import http
from nigraan.notify.gateways.base import required

API_URL = "https://api.twilio.com"


class TwilioGateway:
    name = "twilio"

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str = "",
        messaging_service_sid: str = "",
        api_url: str = API_URL,
        timeout: float = 10.0,
    ) -> None:
        if not (sender or messaging_service_sid):
            raise ImproperlyConfigured(
                "NIGRAAN_SMS_GATEWAY=twilio needs NIGRAAN_TWILIO_FROM (a Twilio number) or "
                "NIGRAAN_TWILIO_MESSAGING_SERVICE_SID"
            )
        self.account_sid, self.auth_token = account_sid, auth_token
        self.sender, self.messaging_service_sid = sender, messaging_service_sid
        self.api_url, self.timeout = api_url.rstrip("/"), timeout

    @classmethod
    def from_settings(cls, options: Mapping[str, str]) -> TwilioGateway:
        sid, token = required(
            options, "NIGRAAN_TWILIO_ACCOUNT_SID", "NIGRAAN_TWILIO_AUTH_TOKEN", gateway="twilio"
        )
        return cls(
            account_sid=sid,
            auth_token=token,
            sender=options.get("NIGRAAN_TWILIO_FROM", "").strip(),
            messaging_service_sid=options.get("NIGRAAN_TWILIO_MESSAGING_SERVICE_SID", "").strip(),
            api_url=options.get("NIGRAAN_TWILIO_API_URL", "").strip() or API_URL,
        )

    def messages_url(self) -> str:
        sid = urllib.parse.quote(self.account_sid, safe="")
        return f"{self.api_url}/2010-04-01/Accounts/{sid}/Messages.json"

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        fields = {"To": to, "Body": text}
        if self.messaging_service_sid:
            fields["MessagingServiceSid"] = self.messaging_service_sid
        else:
            fields["From"] = self.sender
        http.call(
            "POST",
            self.messages_url(),
            body=urllib.parse.urlencode(fields).encode(),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Authorization": http.basic_auth(self.account_sid, self.auth_token),
            },
            timeout=self.timeout,
            gateway=self.name,
        )
