"""Envelope encryption of what identifies a person.

Each case has its own 256-bit data key. Protected values are sealed with AES-256-GCM under
that key, bound (as associated data) to the case reference and field name, so a ciphertext
cannot be moved to another case or field. The data key itself is stored only wrapped
(AES-256-GCM) under the master key (``nigraan.keyring``: the data directory's
``keys/master.key`` or ``NIGRAAN_MASTER_KEY``, base64 of 32 bytes).

Destroying a case's wrapped key ("crypto-shredding") makes every protected value of the
case unreadable for ever, while the ledger, which holds only ciphertext, still verifies.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from nigraan.keyring import MasterKeyError, master_key, master_key_id

TOKEN_PREFIX = "enc1:"  # noqa: S105 (the format marker of a sealed value, not a secret)
_NONCE_BYTES = 12


class KeyUnavailable(Exception):
    """The case key was destroyed (shredded), or the master key cannot unwrap it."""


__all__ = [
    "KeyUnavailable",
    "MasterKeyError",
    "ensure_master_key",
    "master_key",
    "master_key_id",
    "new_data_key",
    "open_sealed",
    "open_sealed_bytes",
    "seal",
    "seal_bytes",
    "unwrap_data_key",
    "wrap_data_key",
]


def ensure_master_key() -> str:
    """Create the master key if needed; return its short id (safe to print)."""
    return master_key_id()


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


def seal_bytes(data_key: bytes, case_ref: str, field: str, plaintext: bytes) -> bytes:
    """``seal`` for binary values (an alert's photo): nonce‖ciphertext, bound to the case and
    field like every sealed value."""
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(data_key).encrypt(nonce, plaintext, _field_aad(case_ref, field))


def open_sealed_bytes(data_key: bytes, case_ref: str, field: str, sealed: bytes) -> bytes:
    try:
        return AESGCM(data_key).decrypt(
            sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:], _field_aad(case_ref, field)
        )
    except InvalidTag as exc:
        raise KeyUnavailable(f"a protected value of case {case_ref} does not decrypt") from exc
