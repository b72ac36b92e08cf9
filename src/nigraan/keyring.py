"""Key material, in one place, for every app that needs it.

- The **master key** wraps every case's data key (``cases.crypto``) and is the root the outbox's
  sealing key is derived from (``notify.sealing``): ``NIGRAAN_MASTER_KEY`` (base64 of 32 bytes)
  or ``DATA_DIR/keys/master.key``.
- The **ledger signing seed** signs tree heads and proofs of report (``ledger.keys``):
  ``NIGRAAN_LEDGER_SIGNING_KEY`` (base64 of a 32-byte Ed25519 seed), or the file
  ``NIGRAAN_LEDGER_SIGNING_KEY_FILE`` names (on the sequencer's own host), or
  ``DATA_DIR/keys/ledger-signing.key``.
- The **receipt salt** keys the hashes of receipt codes (``intake.receipts``):
  ``NIGRAAN_RECEIPT_SALT`` (any text) or ``DATA_DIR/keys/receipt-salt.key``.

Each is read once per process (the variables through settings.py, which reads every
``NIGRAAN_*`` variable), and a missing file is created on first use with mode 0600. Django's own
``SECRET_KEY`` is made by ``config.secret_key`` while settings load, before this module can run.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from nigraan.config import read_or_create_secret

KEY_BYTES = 32
RECEIPT_SALT_BYTES = 16


class KeyMaterialError(RuntimeError):
    """Key material that is there but unusable; the message says which and how to fix it."""


class MasterKeyError(KeyMaterialError):
    pass


class SigningKeyError(KeyMaterialError):
    pass


def _key_file(name: str, size: int) -> bytes:
    return read_or_create_secret(settings.DATA_DIR / "keys" / name, lambda: os.urandom(size))


def _base64_setting(value: str, error: type[KeyMaterialError], what: str) -> bytes:
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error as exc:
        raise error(what) from exc


@lru_cache(maxsize=1)
def master_key() -> bytes:
    configured = settings.NIGRAAN_MASTER_KEY
    if configured:
        key = _base64_setting(
            configured, MasterKeyError, "NIGRAAN_MASTER_KEY must be base64 of 32 random bytes"
        )
    else:
        key = _key_file("master.key", KEY_BYTES)
    if len(key) != KEY_BYTES:
        raise MasterKeyError("the master key must be exactly 32 bytes")
    return key


def master_key_id() -> str:
    """A short id of the master key, safe to print and to store beside what it wrapped."""
    return hashlib.sha256(b"nigraan-master-key-id" + master_key()).hexdigest()[:16]


def _seed_from_file(path: Path) -> bytes:
    """The key file NIGRAAN_LEDGER_SIGNING_KEY_FILE names: made (0600, race-safely) on first
    use, and refused when anyone but its owner may read it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    seed = read_or_create_secret(path, lambda: os.urandom(KEY_BYTES))
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise SigningKeyError(
            f"the ledger signing key {path} may be read by others (mode {mode:o}): "
            f"chmod 600 {path}, and check who could have copied it"
        )
    return seed


@lru_cache(maxsize=1)
def ledger_signing_seed() -> bytes:
    """First found: NIGRAAN_LEDGER_SIGNING_KEY (base64 seed, from a secret store),
    NIGRAAN_LEDGER_SIGNING_KEY_FILE (a file of its own, 0600, outside the data directory, on the
    sequencer's host), else DATA_DIR/keys/ledger-signing.key. A host given only
    NIGRAAN_LEDGER_VERIFIER_KEY (the public key) refuses to sign."""
    if settings.NIGRAAN_LEDGER_SIGNING_KEY:
        seed = _base64_setting(
            settings.NIGRAAN_LEDGER_SIGNING_KEY,
            SigningKeyError,
            "NIGRAAN_LEDGER_SIGNING_KEY must be base64 of a 32-byte Ed25519 seed",
        )
    elif settings.NIGRAAN_LEDGER_SIGNING_KEY_FILE:
        seed = _seed_from_file(Path(settings.NIGRAAN_LEDGER_SIGNING_KEY_FILE))
    elif settings.NIGRAAN_LEDGER_VERIFIER_KEY:
        raise SigningKeyError(
            "this host holds only the log's verifier key (NIGRAAN_LEDGER_VERIFIER_KEY): tree "
            "heads are signed on the sequencer's host (docs/ledger.md, 'Key custody')"
        )
    else:
        seed = _key_file("ledger-signing.key", KEY_BYTES)
    if len(seed) != KEY_BYTES:
        raise SigningKeyError("the ledger signing key must be a 32-byte Ed25519 seed")
    return seed


@lru_cache(maxsize=1)
def receipt_salt() -> bytes:
    configured = settings.NIGRAAN_RECEIPT_SALT
    if configured:
        return hashlib.sha256(configured.encode()).digest()[:RECEIPT_SALT_BYTES]
    return _key_file("receipt-salt.key", RECEIPT_SALT_BYTES)
