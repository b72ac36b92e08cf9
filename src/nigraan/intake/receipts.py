"""Receipt codes: 20 random digits (66 bits), shown in groups of four, stored only as an argon2id
hash under a site-wide salt (so a code can be looked up by its hash, and every guess costs one
argon2 run). Never in a URL, never in a log."""

from __future__ import annotations

import secrets
import unicodedata

from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

from nigraan import keyring

DIGITS = 20
GROUP = 4


def new_code() -> str:
    return "".join(secrets.choice("0123456789") for _ in range(DIGITS))


def grouped(code: str) -> str:
    return " ".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise(text: str) -> str:
    """Digits only; Urdu (Eastern Arabic) digits are accepted and read as 0–9."""
    digits = []
    for ch in text[:100]:
        if ch.isdigit():
            digits.append(str(unicodedata.digit(ch)))
        elif ch not in " -\u00a0\t":
            return ""
    return "".join(digits)


def _salt() -> bytes:
    return keyring.receipt_salt()


def ensure_salt() -> None:
    """Create the receipt salt now (``nigraan init``), not at a server's first report."""
    _salt()


def _cost() -> tuple[int, int]:
    if settings.NIGRAAN_FAST_PASSWORD_HASHER:  # the test suite only
        return 1, 64
    # OWASP's argon2id minimum (19 MiB, 2 passes): about 45 ms here. A code has 66 bits of
    # entropy, so the hash only has to make a stolen table useless, not slow a human's guesses
    # (the rate limits do that); 64 MiB × 3 passes took 255 ms and capped intake at 5 reports/s.
    return 2, 19 * 1024  # time cost, memory in KiB


def code_hash(code: str) -> str:
    time_cost, memory_cost = _cost()
    raw = hash_secret_raw(
        code.encode(),
        _salt(),
        time_cost=time_cost,
        memory_cost=memory_cost,
        parallelism=1,
        hash_len=32,
        type=Type.ID,
    )
    return raw.hex()
