"""The log's Ed25519 signing key (its seed comes from ``nigraan.keyring``), and the C2SP
signed-note verifier key that names it. A host given only NIGRAAN_LEDGER_VERIFIER_KEY (the
public key) serves it and refuses to sign."""

from __future__ import annotations

from functools import lru_cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from nigraan.keyring import SigningKeyError, ledger_signing_seed
from nigraan.ledger import note
from nigraan.ledger.note import key_id, parse_verifier_key  # noqa: F401 (their old home)

__all__ = ["SigningKeyError"]  # raised here too: a key that is not the published one


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.from_private_bytes(ledger_signing_seed())
    published = settings.NIGRAAN_LEDGER_VERIFIER_KEY
    if published and note.parse_key(published).public_bytes != note.raw_public_key(key):
        raise SigningKeyError("the signing key is not the one NIGRAAN_LEDGER_VERIFIER_KEY names")
    return key


def ensure_signing_key() -> None:
    signing_key()


def public_key_bytes() -> bytes:
    """The log's public key: from NIGRAAN_LEDGER_VERIFIER_KEY where it is set (a host without
    the signing key), else from the signing key."""
    published = settings.NIGRAAN_LEDGER_VERIFIER_KEY
    if published:
        key = note.parse_key(published)
        if key.name != key_name():
            raise SigningKeyError("NIGRAAN_LEDGER_VERIFIER_KEY names another log than the origin")
        return key.public_bytes
    return signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_name() -> str:
    return settings.NIGRAAN_LOG_ORIGIN


def verifier_key() -> str:
    """``<name>+<key id hex>+<base64(0x01 ‖ public key)>``: what a verifier or witness is given."""
    return note.verifier_key(key_name(), public_key_bytes(), note.LOG_ED25519)
