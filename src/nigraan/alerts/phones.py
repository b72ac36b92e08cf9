"""Subscribers' phone numbers: normalised, sealed, and found again only through a keyed hash.

A number is kept sealed (AES-256-GCM under a key derived from the master key with HKDF, bound to
the subscriber's lookup hash), as the outbox seals recipients. To find a subscriber by number (an
opt-out, a repeated opt-in) only an HMAC-SHA256 of the normalised number is stored, under another
key derived from the master key: without the master key neither the numbers nor the hashes can be
tested against guesses. Derived keys, not the SECRET_KEY: rotating Django's secret must not
orphan every subscription.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from nigraan.cases.crypto import master_key

_NONCE = 12


class PhoneInvalid(ValueError):
    """Not a phone number we can send SMS to; ``message_ur`` says it in Urdu."""

    message_ur = "یہ فون نمبر درست نہیں۔ مثال: 03001234567"


def normalise_phone(raw: str) -> str:
    """E.164 (+923001234567) from what people type: 0300 1234567, +92 300-1234567,
    0092..., Urdu or Arabic-Indic digits. Raises PhoneInvalid."""
    text = "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() else ch
        for ch in raw.strip()
        if ch.isdigit() or ch == "+"
    )
    if text.startswith("00"):
        text = "+" + text[2:]
    elif text.startswith("0"):
        text = "+92" + text[1:]
    elif not text.startswith("+"):
        text = "+" + text
    digits = text[1:]
    if "+" in digits or not 8 <= len(digits) <= 15 or digits.startswith("0"):
        raise PhoneInvalid("not a phone number (example: 0300 1234567 or +92 300 1234567)")
    if digits.startswith("92") and len(digits) != 12:
        raise PhoneInvalid("a Pakistani number has 10 digits after +92 (0300 1234567)")
    return "+" + digits


@lru_cache(maxsize=4)
def _derive(master: bytes, label: bytes) -> bytes:
    # Cached by the master key's value, so a changed master key is never served a stale key.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label).derive(master)


def _lookup_key() -> bytes:
    return _derive(master_key(), b"nigraan subscriber phone lookup")


def _aead() -> AESGCM:
    return AESGCM(_derive(master_key(), b"nigraan subscriber phone"))


def phone_lookup(phone: str) -> str:
    """The keyed hash a subscriber is found by (64 hex characters)."""
    return hmac.new(_lookup_key(), phone.encode(), hashlib.sha256).hexdigest()


def _aad(lookup: str) -> bytes:
    return b"nigraan-subscriber\x00" + lookup.encode()


def seal_phone(phone: str, lookup: str) -> bytes:
    nonce = os.urandom(_NONCE)
    return nonce + _aead().encrypt(nonce, phone.encode(), _aad(lookup))


def unseal_phone(sealed: bytes, lookup: str) -> str:
    return _aead().decrypt(sealed[:_NONCE], sealed[_NONCE:], _aad(lookup)).decode()


def phone_opener() -> Callable[[bytes, str], str]:
    """``unseal_phone`` for many subscribers at once (a fan-out): the key is derived once."""
    aead = _aead()

    def open_one(sealed: bytes, lookup: str) -> str:
        return aead.decrypt(sealed[:_NONCE], sealed[_NONCE:], _aad(lookup)).decode()

    return open_one
