"""RapidPro/courier "External" channel protocol, both directions.

Inbound, as courier's External channel receives: GET or POST (a form, or the query string) with
the sender in ``from`` or ``sender``, the message in ``text``, and optionally when it was sent in
``date`` or ``time`` (RFC 3339; used to recognise a gateway's retry). Courier's receive has no
message id; an ``id`` field is used if the aggregator sends one. The aggregator proves itself
with ``NIGRAAN_SMS_INBOUND_TOKEN`` as Bearer, as the password of Basic auth, or as ``?token=``
(many aggregators can only be given a URL). The answer is ``{"ok": true}``.

Nigraan sends the way courier's External channel does, so an SMS aggregator or Android relay
already set up for RapidPro works unchanged: a request to ``NIGRAAN_SMS_SEND_URL`` with the
method ``NIGRAAN_SMS_SEND_METHOD`` (GET, POST or PUT; default POST) and, for POST and PUT, the
body ``NIGRAAN_SMS_SEND_BODY`` in ``NIGRAAN_SMS_SEND_CONTENT_TYPE`` (urlencoded, json or
xml). The URL and the body are templates with ``{{id}}``, ``{{text}}``, ``{{to}}``,
``{{to_no_plus}}``, ``{{from}}`` and ``{{from_no_plus}}``; each value is encoded for
where it stands (URL-encoded in the URL and urlencoded bodies, a JSON string in JSON, escaped in
XML). ``NIGRAAN_SMS_SEND_AUTHORIZATION`` is sent as the Authorization header;
``NIGRAAN_SMS_SEND_RESPONSE_CHECK``, when set, must appear in the answer for the message to count
as sent. ``NIGRAAN_SMS_FROM`` is this site's number or short code.

``{{id}}`` is stable across retries of one message (a hash of the outbox key), so an aggregator
that deduplicates by it sends each message once.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from xml.sax.saxutils import escape

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from nigraan.notify.gateways import http
from nigraan.notify.gateways.base import (
    GatewayError,
    InboundRefused,
    InboundSms,
    check_token,
    field,
    form_fields,
    json_accepted,
    required,
    wire_key,
)

CONTENT_TYPES = {
    "urlencoded": "application/x-www-form-urlencoded",
    "json": "application/json",
    "xml": "text/xml; charset=utf-8",
}
DEFAULT_BODIES = {
    "urlencoded": (
        "id={{id}}&text={{text}}&to={{to}}&to_no_plus={{to_no_plus}}"
        "&from={{from}}&from_no_plus={{from_no_plus}}"
    ),
    "json": '{"id": {{id}}, "text": {{text}}, "to": {{to}}, "from": {{from}}}',
    "xml": "<message><id>{{id}}</id><text>{{text}}</text><to>{{to}}</to>"
    "<from>{{from}}</from></message>",
}
METHODS = ("GET", "POST", "PUT")


def encode(value: str, content_type: str) -> str:
    """A value as it must appear in a template of this content type."""
    if content_type == "json":
        return json.dumps(value, ensure_ascii=False)
    if content_type == "xml":
        return escape(value)
    return urllib.parse.quote_plus(value)


def fill(template: str, variables: Mapping[str, str], content_type: str) -> str:
    """Put the variables into a template. ``"{{x}}"`` and ``'{{x}}'`` are replaced with their
    quotes, so a JSON template may be written either way (as courier does)."""
    text = template
    for name, value in variables.items():
        encoded = encode(value, content_type)
        for placeholder in (f'"{{{{{name}}}}}"', f"'{{{{{name}}}}}'", f"{{{{{name}}}}}"):
            text = text.replace(placeholder, encoded)
    return text


class ExternalGateway:
    name = "rapidpro"
    inbound_methods = ("POST", "GET")

    def __init__(
        self,
        *,
        send_url: str,
        sender: str = "",
        method: str = "POST",
        content_type: str = "urlencoded",
        body: str = "",
        authorization: str = "",
        response_check: str = "",
        timeout: float = 10.0,
    ) -> None:
        method = method.upper()
        if method not in METHODS:
            raise ImproperlyConfigured(
                f"NIGRAAN_SMS_SEND_METHOD must be one of {', '.join(METHODS)}, not {method!r}"
            )
        if content_type not in CONTENT_TYPES:
            raise ImproperlyConfigured(
                "NIGRAAN_SMS_SEND_CONTENT_TYPE must be one of "
                f"{', '.join(CONTENT_TYPES)}, not {content_type!r}"
            )
        self.send_url, self.sender, self.method = send_url, sender, method
        self.content_type = content_type
        self.body = body or DEFAULT_BODIES[content_type]
        self.authorization, self.response_check, self.timeout = (
            authorization,
            response_check,
            timeout,
        )

    @classmethod
    def from_settings(cls, options: Mapping[str, str]) -> ExternalGateway:
        (send_url,) = required(options, "NIGRAAN_SMS_SEND_URL", gateway="rapidpro")
        return cls(
            send_url=send_url,
            sender=options.get("NIGRAAN_SMS_FROM", "").strip(),
            method=options.get("NIGRAAN_SMS_SEND_METHOD", "").strip() or "POST",
            content_type=options.get("NIGRAAN_SMS_SEND_CONTENT_TYPE", "").strip() or "urlencoded",
            body=options.get("NIGRAAN_SMS_SEND_BODY", ""),
            authorization=options.get("NIGRAAN_SMS_SEND_AUTHORIZATION", "").strip(),
            response_check=options.get("NIGRAAN_SMS_SEND_RESPONSE_CHECK", ""),
        )

    def authenticate(self, request: HttpRequest) -> None:
        check_token(request)

    def parse(self, request: HttpRequest) -> list[InboundSms]:
        values = form_fields(request)
        sender = field(values, "from", "sender")
        if not sender.strip():
            raise InboundRefused("must have one of 'sender' or 'from' set")
        when = field(values, "date", "time")[:200]
        return [
            InboundSms(
                sender=sender,
                text=field(values, "text"),
                message_id=field(values, "id")[:200] or when,
            )
        ]

    def answer(self, replies: list[str]) -> HttpResponse:
        return json_accepted()

    def variables(self, *, to: str, text: str, idempotency_key: str) -> dict[str, str]:
        return {
            "id": wire_key(idempotency_key),
            "text": text,
            "to": to,
            "to_no_plus": to.removeprefix("+"),
            "from": self.sender,
            "from_no_plus": self.sender.removeprefix("+"),
        }

    def send(self, *, to: str, text: str, idempotency_key: str) -> None:
        variables = self.variables(to=to, text=text, idempotency_key=idempotency_key)
        url = fill(self.send_url, variables, "urlencoded")
        headers = {
            "Content-Type": CONTENT_TYPES[self.content_type],
            "Idempotency-Key": variables["id"],
        }
        if self.authorization:
            headers["Authorization"] = self.authorization
        body = None
        if self.method in ("POST", "PUT"):
            body = fill(self.body, variables, self.content_type).encode()
        answer = http.call(
            self.method, url, body=body, headers=headers, timeout=self.timeout, gateway=self.name
        )
        if self.response_check and self.response_check.encode() not in answer.body:
            raise GatewayError(f"{self.name}: the answer did not contain the expected text")
