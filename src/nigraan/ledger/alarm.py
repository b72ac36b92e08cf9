"""The integrity alarm, and the stop on signing that a witness's evidence of a rollback or fork
puts on the sequencer.

An alarm is a notice (and an email) to every administrator and oversight member, and a line in
the ``nigraan.security`` log. Neither says anything about a person: only tree sizes, witness
names and what to do.
"""

from __future__ import annotations

import logging

from django.db import transaction

from nigraan import clock
from nigraan.accounts.models import Role
from nigraan.ledger.models import SigningHalt
from nigraan.notify.notice_words import Notice, english_text
from nigraan.notify.notices import notify_roles_everywhere

security_log = logging.getLogger("nigraan.security")
ALARM_ROLES = [Role.ADMINISTRATOR.value, Role.OVERSIGHT.value]


class SigningHalted(RuntimeError):
    """The sequencer refuses to sign: a witness showed the log was rolled back or forked."""


def raise_integrity_alarm(kind: str, params: dict[str, str], key: str) -> int:
    """Tell administrators and oversight (a notice of kind ``integrity_<kind>``, in each reader's
    language), and write the security log line (in English). Returns how many people were told."""
    notice = Notice(f"integrity_{kind}", params)
    security_log.critical("INTEGRITY ALARM (%s): %s", kind, english_text(notice))
    return notify_roles_everywhere(ALARM_ROLES, notice, key=key)


def active_halt() -> SigningHalt | None:
    return SigningHalt.objects.filter(resolved_at__isnull=True).order_by("raised_at").first()


def describe(halt: SigningHalt) -> str:
    return (
        f"signing stopped since {halt.raised_at:%Y-%m-%d %H:%M} UTC: {halt.reason} Nothing is "
        "signed until an administrator has investigated (docs/ledger.md, 'When signing "
        "stops') and runs `nigraan ledger resume`."
    )


def halt_signing(*, witness: str, witness_size: int, log_size: int, reason: str) -> SigningHalt:
    """Stop signing and raise the alarm, once: while a halt is unresolved, a second one only
    adds a security log line."""
    with transaction.atomic():
        current = active_halt()
        if current is not None:
            security_log.error("signing already stopped; witness %s also: %s", witness, reason)
            return current
        halt = SigningHalt.objects.create(
            raised_at=clock.now(),
            witness=witness,
            witness_size=witness_size,
            log_size=log_size,
            reason=reason[:500],
        )
        raise_integrity_alarm("ledger", {"reason": reason[:200]}, key=f"ledger-halt:{halt.pk}")
    return halt


def resume_signing(*, by: str, reason: str) -> SigningHalt | None:
    """Resolve the halt (kept as history) so that signing may start again: after an
    administrator has found a witness misbehaving and removed it from the witness list. A log
    that really was rolled back or forked stays refused by every honest witness."""
    if not reason.strip():
        raise ValueError("say why signing may resume (--reason)")
    with transaction.atomic():
        halt = active_halt()
        if halt is None:
            return None
        halt.resolved_at = clock.now()
        halt.resolution = f"{by}: {reason}"[:500]
        halt.save(update_fields=["resolved_at", "resolution"])
    security_log.warning("ledger signing resumed by %s: %s", by, reason)
    return halt
