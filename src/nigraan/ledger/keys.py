"""The log's Ed25519 signing key, and the C2SP signed-note verifier key that names it."""

from __future__ import annotations

import base64
import binascii
import hashlib
from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from nigraan.keyring import SigningKeyError, ledger_signing_seed

ED25519_ALGORITHM = b"\x01"  # signed-note signature type for Ed25519

__all__ = ["SigningKeyError"]  # raised here too: a malformed verifier key


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    """The log's Ed25519 key, from its seed (``nigraan.keyring``)."""
    return Ed25519PrivateKey.from_private_bytes(ledger_signing_seed())


def ensure_signing_key() -> None:
    signing_key()


def public_key_bytes() -> bytes:
    return signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_name() -> str:
    return settings.NIGRAAN_LOG_ORIGIN


def key_id(name: str, public_key: bytes) -> bytes:
    """C2SP signed-note key id: the first 4 bytes of SHA-256(name ‖ "\\n" ‖ 0x01 ‖ public key)."""
    return hashlib.sha256(name.encode() + b"\n" + ED25519_ALGORITHM + public_key).digest()[:4]


def verifier_key() -> str:
    """``<name>+<key id hex>+<base64(0x01 ‖ public key)>``: what a verifier or witness is given."""
    public = public_key_bytes()
    name = key_name()
    encoded = base64.b64encode(ED25519_ALGORITHM + public).decode()
    return f"{name}+{key_id(name, public).hex()}+{encoded}"


def parse_verifier_key(vkey: str) -> tuple[str, bytes, Ed25519PublicKey]:
    """Split a verifier key into (name, key id, public key)."""
    try:
        name, id_hex, encoded = vkey.split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
        key_id_bytes = bytes.fromhex(id_hex)
    except (ValueError, binascii.Error) as exc:
        raise SigningKeyError("malformed verifier key") from exc
    if len(raw) != 33 or raw[:1] != ED25519_ALGORITHM or len(key_id_bytes) != 4:
        raise SigningKeyError("not an Ed25519 verifier key")
    if key_id(name, raw[1:]) != key_id_bytes:
        raise SigningKeyError("verifier key id does not match its key")
    return name, key_id_bytes, Ed25519PublicKey.from_public_bytes(raw[1:])
