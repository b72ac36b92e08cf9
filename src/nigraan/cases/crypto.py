"""Envelope encryption of what identifies a person.

Each case has its own 256-bit data key. Protected values are sealed with AES-256-GCM under
that key, bound (as associated data) to the case reference and field name, so a ciphertext
cannot be moved to another case or field. The data key itself is stored only wrapped
(AES-256-GCM) under the master key, which lives in the data directory
(``keys/master.key``) or in ``NIGRAAN_MASTER_KEY`` (base64 of 32 bytes).

Destroying a case's wrapped key ("crypto-shredding") makes every protected value of the
case unreadable for ever, while the ledger, which holds only ciphertext, still verifies.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from nigraan.config import read_or_create_secret

TOKEN_PREFIX = "enc1:"
_NONCE_BYTES = 12


class KeyUnavailable(Exception):
    """The case key was destroyed (shredded), or the master key cannot unwrap it."""


class MasterKeyError(RuntimeError):
    pass


@lru_cache(maxsize=1)
def master_key() -> bytes:
    from_env = os.environ.get("NIGRAAN_MASTER_KEY", "").strip()
    if from_env:
        try:
            key = base64.b64decode(from_env, validate=True)
        except binascii.Error as exc:
            raise MasterKeyError("NIGRAAN_MASTER_KEY must be base64 of 32 random bytes") from exc
    else:
        path = settings.DATA_DIR / "keys" / "master.key"
        key = read_or_create_secret(path, lambda: os.urandom(32))
    if len(key) != 32:
        raise MasterKeyError("the master key must be exactly 32 bytes")
    return key


def ensure_master_key() -> str:
    """Create the master key if needed; return its short id (safe to print)."""
    return master_key_id()


def master_key_id() -> str:
    return hashlib.sha256(b"nigraan-master-key-id" + master_key()).hexdigest()[:16]


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def _wrap_aad(case_ref: str) -> bytes:
    return b"nigraan-case-key\x00" + case_ref.encode()


def wrap_data_key(case_ref: str, data_key: bytes) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(master_key()).encrypt(nonce, data_key, _wrap_aad(case_ref))


def unwrap_data_key(case_ref: str, wrapped: bytes) -> bytes:
    if not wrapped:
        raise KeyUnavailable(f"the data key of case {case_ref} was destroyed")
    try:
        return AESGCM(master_key()).decrypt(
            wrapped[:_NONCE_BYTES], wrapped[_NONCE_BYTES:], _wrap_aad(case_ref)
        )
    except InvalidTag as exc:
        raise KeyUnavailable(
            f"the master key cannot unwrap the data key of case {case_ref}"
        ) from exc


def _field_aad(case_ref: str, field: str) -> bytes:
    return f"nigraan-field\x00{case_ref}\x00{field}".encode()


def seal(data_key: bytes, case_ref: str, field: str, plaintext: str) -> str:
    """Encrypt one protected value; returns a text token ``enc1:<base64(nonce‖ciphertext)>``."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(data_key).encrypt(nonce, plaintext.encode("utf-8"), _field_aad(case_ref, field))
    return TOKEN_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def open_sealed(data_key: bytes, case_ref: str, field: str, token: str) -> str:
    if not token.startswith(TOKEN_PREFIX):
        raise ValueError("not a sealed value")
    raw = base64.b64decode(token[len(TOKEN_PREFIX) :])
    try:
        return (
            AESGCM(data_key)
            .decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _field_aad(case_ref, field))
            .decode("utf-8")
        )
    except InvalidTag as exc:
        raise KeyUnavailable(f"a protected value of case {case_ref} does not decrypt") from exc
