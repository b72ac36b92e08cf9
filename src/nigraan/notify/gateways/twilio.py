"""Twilio, both directions.

Inbound: Twilio POSTs (or GETs, if the number is set so) ``From``, ``Body``, ``MessageSid`` …
to ``/api/v1/sms/inbound``. Each request must carry ``X-Twilio-Signature``: the base64
HMAC-SHA1, keyed with the auth token, of the URL Twilio called followed by every POST parameter's
name and value in name order (Twilio's documented algorithm; for GET the parameters are in the
URL). A missing or wrong signature is 403. The URL is the one the request arrived at, or
``NIGRAAN_TWILIO_PUBLIC_ORIGIN`` (``https://report.example.org``) followed by the path, for a proxy
that rewrites the host; with and without the default port, as Twilio's own validator does. An
``Authorization: Basic`` header (a ``user:pass@`` webhook URL) is accepted and, when SMS intake has
a token, its password must be that token. The answer is TwiML: an empty ``<Response/>``, because
replies go through the outbox and the Messages API (retried, and recorded). Twilio's opt-out
keywords (STOP, CANCEL, END, QUIT, …) are Twilio's: Twilio blocks later messages to that number,
so the conversation ends without a reply (Nigraan's own word to cancel is EXIT, or ختم). Its help
keywords (HELP, INFO) Twilio answers itself: Nigraan sends nothing more, so the sender gets one
answer (docs/intake.md says what to set as Twilio's help text).

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

import base64
import hashlib
import hmac
import urllib.parse
from collections.abc import Mapping
from xml.sax.saxutils import escape

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, QueryDict

from nigraan.notify.gateways import http
from nigraan.notify.gateways.base import (
    InboundRefused,
    InboundSms,
    basic_password,
    field,
    inbound_token,
    required,
)

API_URL = "https://api.twilio.com"
TWIML_EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'
# Twilio's default opt-out keywords (Advanced Opt-Out adds OptOutType=STOP to the webhook).
OPT_OUT_WORDS = frozenset(
    {"stop", "stopall", "unsubscribe", "cancel", "end", "quit", "optout", "revoke"}
)
# Twilio's default help keywords: Twilio answers them itself (Advanced Opt-Out adds
# OptOutType=HELP, also for help keywords a site adds), so Nigraan does not answer them again.
HELP_WORDS = frozenset({"help", "info"})
DEFAULT_PORTS = {"https": 443, "http": 80}


def signature(auth_token: str, url: str, params: Mapping[str, list[str]]) -> str:
    """Twilio's request signature: the URL, then each parameter name with each of its values
    (names sorted, values sorted), HMAC-SHA1 with the auth token, base64."""
    text = url
    for name in sorted(params):
        for value in sorted(set(params[name])):
            text += name + value
    digest = hmac.new(auth_token.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def url_variants(url: str) -> list[str]:
    """The URL without a port and with the scheme's default port: Twilio signs the URL as it was
    configured, which a proxy may have changed in either direction."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    without = parts._replace(netloc=host).geturl()
    variants = [url, without]
    port = DEFAULT_PORTS.get(parts.scheme)
    if parts.port is None and port:
        variants.append(parts._replace(netloc=f"{host}:{port}").geturl())
    return variants


def _multi(query: QueryDict) -> dict[str, list[str]]:
    return {name: query.getlist(name) for name in query}


class TwilioGateway:
    name = "twilio"
    inbound_methods = ("POST", "GET")

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        sender: str = "",
        messaging_service_sid: str = "",
        api_url: str = API_URL,
        public_origin: str = "",
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
        self.public_origin = public_origin.rstrip("/")

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
            public_origin=options.get("NIGRAAN_TWILIO_PUBLIC_ORIGIN", "").strip(),
        )

    # Inbound -------------------------------------------------------------------------------

    def called_url(self, request: HttpRequest) -> str:
        if self.public_origin:
            return self.public_origin + request.get_full_path()
        return request.build_absolute_uri()

    def authenticate(self, request: HttpRequest) -> None:
        given = request.headers.get("X-Twilio-Signature", "").encode()
        params = _multi(request.POST) if request.method == "POST" else {}
        url = self.called_url(request)
        if not given or not any(
            hmac.compare_digest(signature(self.auth_token, candidate, params).encode(), given)
            for candidate in url_variants(url)
        ):
            raise InboundRefused("the Twilio signature is missing or wrong", status=403)
        password, token = basic_password(request), inbound_token()
        if (
            password is not None
            and token
            and not hmac.compare_digest(password.encode(), token.encode())
        ):
            raise InboundRefused("unknown gateway", status=403)

    def parse(self, request: HttpRequest) -> list[InboundSms]:
        values = request.POST if request.method == "POST" else request.GET
        fields = {name: values.get(name, "") for name in values}
        text = field(fields, "Body")
        keyword_type, word = field(fields, "OptOutType").upper(), text.strip().lower()
        opted_out = keyword_type == "STOP" or word in OPT_OUT_WORDS
        return [
            InboundSms(
                sender=field(fields, "From"),
                text=text,
                message_id=field(fields, "MessageSid", "SmsMessageSid")[:200],
                opted_out=opted_out,
                gateway_answered=keyword_type == "HELP" or word in HELP_WORDS,
            )
        ]

    def answer(self, replies: list[str]) -> HttpResponse:
        if replies:
            messages = "".join(f"<Message>{escape(reply)}</Message>" for reply in replies)
            body = TWIML_EMPTY.replace("</Response>", messages + "</Response>")
        else:
            body = TWIML_EMPTY
        return HttpResponse(body, content_type="text/xml; charset=utf-8")

    # Outbound ------------------------------------------------------------------------------

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
