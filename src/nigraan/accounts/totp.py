"""Time-based one-time passwords (RFC 6238: 30-second steps, 6 digits, ±1 step of clock drift),
with each step usable once so an overheard code cannot be replayed."""

from __future__ import annotations

import hmac

import pyotp
import segno

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import reads_protected_data

ISSUER = "Nigraan"
STEP_SECONDS = 30


def requires_second_factor(staff: Staff) -> bool:
    return reads_protected_data(staff.role)


def new_secret() -> str:
    return pyotp.random_base32(length=32)  # 160 bits


def provisioning_uri(staff: Staff, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=staff.username, issuer_name=ISSUER)


def qr_svg(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=4, border=2)


def current_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(clock.now())


def matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step the code belongs to, if it is valid now and newer than ``last_step``."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    for step in (now_step - 1, now_step, now_step + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def accept_code(staff: Staff, code: str, secret: str | None = None) -> bool:
    """Check a code for the staff member's secret (or a secret being enrolled) and, if it is good,
    remember its step so it cannot be used again."""
    secret = secret or staff.totp_secret
    if not secret:
        return False
    step = matching_step(secret, code, staff.totp_last_step)
    if step is None:
        return False
    staff.totp_secret = secret
    staff.totp_last_step = step
    staff.save(update_fields=["totp_secret", "totp_last_step"])
    return True
