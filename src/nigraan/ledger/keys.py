"""The log's Ed25519 signing key, and the C2SP signed-note verifier key that names it."""

from __future__ import annotations

import base64
import binascii
import os
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from nigraan.config import read_or_create_secret
from nigraan.ledger import note
from nigraan.ledger.note import key_id, parse_verifier_key  # noqa: F401 (their old home)


class SigningKeyError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    from_env = os.environ.get("NIGRAAN_LEDGER_SIGNING_KEY", "").strip()
    if from_env:
        try:
            seed = base64.b64decode(from_env, validate=True)
        except binascii.Error as exc:
            raise SigningKeyError(
                "NIGRAAN_LEDGER_SIGNING_KEY must be base64 of a 32-byte Ed25519 seed"
            ) from exc
    else:
        seed = read_or_create_secret(
            settings.DATA_DIR / "keys" / "ledger-signing.key", lambda: os.urandom(32)
        )
    if len(seed) != 32:
        raise SigningKeyError("the ledger signing key must be a 32-byte Ed25519 seed")
    return Ed25519PrivateKey.from_private_bytes(seed)


def ensure_signing_key() -> None:
    signing_key()


def public_key_bytes() -> bytes:
    return signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_name() -> str:
    return settings.NIGRAAN_LOG_ORIGIN


def verifier_key() -> str:
    """``<name>+<key id hex>+<base64(0x01 ‖ public key)>``: what a verifier or witness is given."""
    return note.verifier_key(key_name(), public_key_bytes(), note.LOG_ED25519)
