"""Seal outbox fields under a key derived from the master key (HKDF), bound to the message."""

from __future__ import annotations

import os
from collections.abc import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from nigraan.keyring import master_key


def _aead() -> AESGCM:
    return AESGCM(
        HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"nigraan outbox").derive(
            master_key()
        )
    )


def seal(text: str, context: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + _aead().encrypt(nonce, text.encode(), context.encode())


def unseal(sealed: bytes, context: str) -> str:
    return _aead().decrypt(sealed[:12], sealed[12:], context.encode()).decode()


def sealer() -> Callable[[str, str], bytes]:
    """``seal`` for many messages at once (an alert's fan-out seals two per recipient): the key
    is derived once, and each call still gets its own random nonce, taken from random bytes
    drawn 4,096 nonces at a time (one system call instead of one per message)."""
    aead = _aead()
    nonces: list[bytes] = []

    def seal_one(text: str, context: str) -> bytes:
        if not nonces:
            pool = os.urandom(12 * 4096)
            nonces.extend(pool[i : i + 12] for i in range(0, len(pool), 12))
        nonce = nonces.pop()
        return nonce + aead.encrypt(nonce, text.encode(), context.encode())

    return seal_one
