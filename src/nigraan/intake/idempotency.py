"""Answer a repeated request with the same answer, without keeping the receipt code readable.

The answer is sealed with AES-256-GCM under a key derived (HKDF) from the client's idempotency key
and the site's secret; the row is found by an HMAC of the key. Only someone presenting the same
key again can open the stored answer.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from nigraan import clock
from nigraan.intake.models import IdempotentResponse

MAX_KEY = 200


class KeyReused(ValueError):
    """The same idempotency key came with a different request body."""


@dataclass(frozen=True)
class Stored:
    status: int
    body: dict[str, Any]


def _digest(key: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), b"idempotency\x00" + key.encode(), hashlib.sha256
    ).hexdigest()


def _aead(key: str) -> AESGCM:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=settings.SECRET_KEY.encode(),
        info=b"nigraan idempotent response",
    ).derive(key.encode())
    return AESGCM(derived)


def request_digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def lookup(key: str, body_digest: str) -> Stored | None:
    row = IdempotentResponse.objects.filter(key_digest=_digest(key)).first()
    if row is None:
        return None
    if not hmac.compare_digest(row.request_digest, body_digest):
        raise KeyReused("this Idempotency-Key was already used for a different request")
    sealed = bytes(row.sealed_response)
    body = json.loads(_aead(key).decrypt(sealed[:12], sealed[12:], b"response"))
    return Stored(row.status, body)


def store(key: str, body_digest: str, status: int, body: dict[str, Any]) -> None:
    """Call inside the transaction that did the work, so answer and work commit together."""
    nonce = os.urandom(12)
    sealed = nonce + _aead(key).encrypt(nonce, json.dumps(body).encode(), b"response")
    IdempotentResponse.objects.create(
        key_digest=_digest(key),
        request_digest=body_digest,
        sealed_response=sealed,
        status=status,
        created_at=clock.now(),
    )
