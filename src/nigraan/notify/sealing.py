"""Seal outbox fields under a key derived from the master key (HKDF), bound to the message."""

from __future__ import annotations

import os

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
