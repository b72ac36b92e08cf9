"""One HTTP request to a gateway, with every failure turned into ``GatewayError`` (retried by
the outbox) and never a phone number or message text in the error (it lands in ``last_error``,
which administrators see)."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from nigraan.notify.gateways.base import GatewayError

MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def call(
    method: str,
    url: str,
    *,
    body: bytes | None,
    headers: dict[str, str],
    timeout: float,
    gateway: str,
) -> Answer:
    """Send the request; any answer outside 2xx, and any network failure, is a GatewayError."""
    if not url.lower().startswith(("https://", "http://")):
        raise GatewayError(f"{gateway}: the send URL must be http(s)")
    request = urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 (scheme checked above)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            answer = Answer(response.status, response.read(MAX_ANSWER_BYTES))
    except urllib.error.HTTPError as exc:
        detail = _error_detail(exc.read(MAX_ANSWER_BYTES))
        raise GatewayError(f"{gateway} answered HTTP {exc.code}{detail}") from exc
    except OSError as exc:
        raise GatewayError(f"{gateway} unreachable: {type(exc).__name__}") from exc
    if not 200 <= answer.status < 300:
        raise GatewayError(f"{gateway} answered HTTP {answer.status}")
    return answer


def _error_detail(body: bytes) -> str:
    """A gateway's error code, if its answer has one (Twilio: {"code": 21211, ...}); never the
    message text, which can repeat the phone number."""
    try:
        code = json.loads(body).get("code")
    except (ValueError, AttributeError):
        return ""
    return f" (code {int(code)})" if isinstance(code, int) else ""
