"""The one way a report becomes a case, for every channel: open the case and issue the receipt in
one transaction. The caller shows the receipt only after this returns (i.e. after the commit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import Actor, SystemActor
from nigraan.cases.models import Case
from nigraan.intake import receipts
from nigraan.intake.models import Receipt
from nigraan.intake.report_input import ReportInput
from nigraan.ledger.encoding import leaf_hash
from nigraan.ledger.models import Event

WEB = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
API = SystemActor("intake.api", frozenset({Action.OPEN_CASE}))
FOLLOW_UP = SystemActor("intake.follow-up", frozenset({Action.ADD_NOTE}))


@dataclass(frozen=True)
class SubmittedReport:
    case_ref: str
    receipt_code: str
    leaf_hash: bytes


# Channels where someone other than the reporter sees the receipt code (the helpline operator
# reads it out): the code is replaced at the reporter's first follow-up login.
ROTATED_CHANNELS = frozenset({"helpline"})


def submit_report(
    actor: Actor,
    channel: str,
    report: ReportInput,
    *,
    remember: Callable[[SubmittedReport], None] | None = None,
) -> SubmittedReport:
    """Open the case and issue its receipt in one transaction. ``remember`` runs inside that
    transaction (to store an idempotent answer), so the answer commits with the case or not at
    all."""
    for _attempt in range(3):  # a receipt-hash collision is astronomically unlikely; retry anyway
        code = receipts.new_code()
        hashed = receipts.code_hash(code)
        try:
            with transaction.atomic():
                case = commands.open_case(
                    actor,
                    channel=channel,
                    category=report.category,
                    district_code=report.district,
                    province_code=report.province,
                    victim_age_band=report.age_band,
                    victim_gender=report.gender,
                    protected=report.protected(),
                    report=report.facts(),
                )
                Receipt.objects.create(
                    case=case,
                    code_hash=hashed,
                    created_at=clock.now(),
                    rotate_at_login=channel in ROTATED_CHANNELS,
                )
                opened = Event.objects.get(case_ref=case.ref, seq=1)
                submitted = SubmittedReport(case.ref, code, leaf_hash(opened.leaf))
                if remember is not None:
                    remember(submitted)
        except IntegrityError:
            if Receipt.objects.filter(code_hash=hashed).exists():
                continue
            raise
        return submitted
    raise RuntimeError("could not issue a unique receipt")


def case_for_code(code: str) -> Case | None:
    """The case a receipt code opens, or None. Costs one argon2 run."""
    digits = receipts.normalise(code)
    if len(digits) != receipts.DIGITS:
        return None
    receipt = (
        Receipt.objects.select_related("case").filter(code_hash=receipts.code_hash(digits)).first()
    )
    return receipt.case if receipt else None
