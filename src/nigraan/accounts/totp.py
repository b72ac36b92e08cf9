"""Time-based one-time passwords (RFC 6238: 30-second steps, 6 digits, ±1 step of clock drift),
with each step usable once so an overheard code cannot be replayed."""

from __future__ import annotations

import hmac
from enum import Enum

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


class CodeCheck(str, Enum):
    ACCEPTED = "accepted"
    REPLAYED = "replayed"  # a right code whose step was already used: refused, but not a guess
    WRONG = "wrong"


def _steps_matching(secret: str, code: str) -> list[int]:
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return []
    totp = pyotp.TOTP(secret)
    now_step = int(clock.now().timestamp()) // STEP_SECONDS
    return [
        step
        for step in (now_step - 1, now_step, now_step + 1)
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code)
    ]


def matching_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step the code belongs to, if it is valid now and newer than ``last_step``."""
    for step in _steps_matching(secret, code):
        if last_step is None or step > last_step:
            return step
    return None


def check_code(staff: Staff, code: str, secret: str | None = None) -> CodeCheck:
    """Check a code for the staff member's secret (or a secret being enrolled). A good code's
    step is remembered so it cannot be used again; a code from a step already used is
    REPLAYED, which the login page refuses without counting it as a guess: whoever typed it
    knew the secret's code, and counting it let a double submit lock a shared office address."""
    secret = secret or staff.totp_secret
    if not secret:
        return CodeCheck.WRONG
    steps = _steps_matching(secret, code)
    fresh = [s for s in steps if staff.totp_last_step is None or s > staff.totp_last_step]
    if not fresh:
        return CodeCheck.REPLAYED if steps else CodeCheck.WRONG
    staff.totp_secret = secret
    staff.totp_last_step = fresh[0]
    staff.save(update_fields=["totp_secret", "totp_last_step"])
    return CodeCheck.ACCEPTED


def accept_code(staff: Staff, code: str, secret: str | None = None) -> bool:
    """Check a code and, if it is good, remember its step so it cannot be used again."""
    return check_code(staff, code, secret) is CodeCheck.ACCEPTED
