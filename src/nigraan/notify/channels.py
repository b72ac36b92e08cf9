"""Email (Django's mail over SMTP) and signed webhooks, for the outbox.

Webhooks carry ``X-Nigraan-Timestamp`` (Unix seconds), ``X-Nigraan-Signature:
sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with NIGRAAN_WEBHOOK_SECRET>`` and
``Idempotency-Key``; receivers should refuse stale timestamps and already-seen keys.

Signed posts (``send_signed_post``: an alert's CAP to a webhook subscriber) were signed when they
were queued, with the subscriber's own secret (``alerts.webhooks``): the outbox carries the
signature, never the secret."""

from __future__ import annotations

import hashlib
import hmac
import smtplib
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail import EmailMessage

from nigraan import clock
from nigraan.notify.gateways import GatewayError


def send_email(*, to: str, body: dict, idempotency_key: str) -> None:
    message = EmailMessage(
        subject=body["subject"],
        body=body["text"],
        to=[to],
        headers={
            "Message-ID": f"<{hashlib.sha256(idempotency_key.encode()).hexdigest()[:32]}@nigraan>",
            "X-Nigraan-Idempotency-Key": idempotency_key,
        },
    )
    try:
        message.send(fail_silently=False)
    except (smtplib.SMTPException, OSError) as exc:
        raise GatewayError(f"mail server: {type(exc).__name__}") from exc


def signature(secret: str, timestamp: str, body: bytes) -> str:
    return (
        "sha256="
        + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )


def send_webhook(*, url: str, body: bytes, idempotency_key: str) -> None:
    secret = settings.NIGRAAN_WEBHOOK_SECRET
    if not secret:
        raise GatewayError(
            "NIGRAAN_WEBHOOK_SECRET is not set: webhooks are not signed, so not sent"
        )
    # urllib would open file: and ftp: URLs too (bandit's S310): only http(s) is sent.
    if not url.lower().startswith(("https://", "http://")):
        raise GatewayError("the webhook URL must be http(s)")
    timestamp = str(int(clock.now().timestamp()))
    request = urllib.request.Request(  # noqa: S310 (scheme checked: http or https only)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Nigraan-Timestamp": timestamp,
            "X-Nigraan-Signature": signature(secret, timestamp, body),
            "Idempotency-Key": idempotency_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http(s) only)
            if not 200 <= response.status < 300:
                raise GatewayError(f"webhook answered HTTP {response.status}")
    except OSError as exc:
        raise GatewayError(f"webhook unreachable: {type(exc).__name__}") from exc


def send_signed_post(*, url: str, body: dict, idempotency_key: str) -> None:
    """POST ``body["body"]`` as ``body["content_type"]`` with the signature made when it was
    queued, and the idempotency key the signature covers."""
    if not url.lower().startswith(("https://", "http://")):
        raise GatewayError("the webhook URL must be http(s)")
    request = urllib.request.Request(  # noqa: S310 (scheme checked: http or https only)
        url,
        data=body["body"].encode(),
        method="POST",
        headers={
            "Content-Type": body["content_type"],
            "X-Nigraan-Signature": body["signature"],
            "Idempotency-Key": idempotency_key,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (http(s) only)
            if not 200 <= response.status < 300:
                raise GatewayError(f"webhook answered HTTP {response.status}")
    except urllib.error.HTTPError as exc:
        if exc.code == 409:  # the receiver already has this key: delivered before
            return
        raise GatewayError(f"webhook answered HTTP {exc.code}") from exc
    except OSError as exc:
        raise GatewayError(f"webhook unreachable: {type(exc).__name__}") from exc
