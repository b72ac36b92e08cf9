"""The log's Ed25519 signing key, and the C2SP signed-note verifier key that names it.

Where the key comes from, first found: NIGRAAN_LEDGER_SIGNING_KEY (base64 seed, from a secret
store), NIGRAAN_LEDGER_SIGNING_KEY_FILE (a file of its own, 0600, outside the data directory, on
the sequencer's host), else DATA_DIR/keys/ledger-signing.key. A host given only
NIGRAAN_LEDGER_VERIFIER_KEY (the public key) serves it and refuses to sign."""

from __future__ import annotations

import base64
import binascii
import os
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings

from nigraan.config import read_or_create_secret
from nigraan.ledger import note
from nigraan.ledger.note import key_id, parse_verifier_key  # noqa: F401 (their old home)


class SigningKeyError(RuntimeError):
    pass


def _seed_from_file(path: Path) -> bytes:
    """The key file NIGRAAN_LEDGER_SIGNING_KEY_FILE names: made (0600, race-safely) on first
    use, and refused when anyone but its owner may read it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    seed = read_or_create_secret(path, lambda: os.urandom(32))
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise SigningKeyError(
            f"the ledger signing key {path} may be read by others (mode {mode:o}): "
            f"chmod 600 {path}, and check who could have copied it"
        )
    return seed


def _seed() -> bytes:
    if settings.NIGRAAN_LEDGER_SIGNING_KEY:
        try:
            return base64.b64decode(settings.NIGRAAN_LEDGER_SIGNING_KEY, validate=True)
        except binascii.Error as exc:
            raise SigningKeyError(
                "NIGRAAN_LEDGER_SIGNING_KEY must be base64 of a 32-byte Ed25519 seed"
            ) from exc
    if settings.NIGRAAN_LEDGER_SIGNING_KEY_FILE:
        return _seed_from_file(Path(settings.NIGRAAN_LEDGER_SIGNING_KEY_FILE))
    if settings.NIGRAAN_LEDGER_VERIFIER_KEY:
        raise SigningKeyError(
            "this host holds only the log's verifier key (NIGRAAN_LEDGER_VERIFIER_KEY): tree "
            "heads are signed on the sequencer's host (docs/ledger.md, 'Key custody')"
        )
    return read_or_create_secret(
        settings.DATA_DIR / "keys" / "ledger-signing.key", lambda: os.urandom(32)
    )


@lru_cache(maxsize=1)
def signing_key() -> Ed25519PrivateKey:
    seed = _seed()
    if len(seed) != 32:
        raise SigningKeyError("the ledger signing key must be a 32-byte Ed25519 seed")
    key = Ed25519PrivateKey.from_private_bytes(seed)
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
