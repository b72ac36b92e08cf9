"""Sharing outside the child-protection team. Referrals to services in the case's district
(medical, legal aid, shelter …), and their answers: sharing the protected details needs the
reporter's consent or a recorded override. The police and prosecutor read the protected details
only with the reporter's consent to share with the police, or after a supervisor records a legal
basis (``record_legal_basis``; the rule itself is in ``accounts.permissions``)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from msgspec import UNSET, UnsetType

from nigraan.accounts.permissions import Action
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.core import CommandRefused, _lock_case, _reason, _record
from nigraan.cases.models import Case, Service

REFERRAL_MOVES = {"referred": {"accepted", "declined"}, "accepted": {"completed"}}


def _override(actor: Actor, case: Case, reason: str) -> str:
    """Why details are shared without the reporter's consent; only a supervisor or district
    officer (who may assign cases) may decide it."""
    reason = _reason(reason, required=False)
    if not reason:
        raise CommandRefused(
            _(
                "The reporter did not agree to share details with services: give the reason "
                "for an override, or refer without details."
            )
        )
    require_permission(actor, Action.ASSIGN_CASE, case)
    return reason


@transaction.atomic
def refer_case(
    actor: Actor, ref: str, *, service_code: str, share_details: bool, override_reason: str = ""
) -> Case:
    """Refer the case to a service in its district. Sharing the protected details needs the
    reporter's consent from intake, or an override by a supervisor or district officer with a
    recorded reason."""
    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    service = Service.objects.filter(code=service_code, active=True).first()
    if service is None or service.district_id != case.district_id:
        raise CommandRefused(_("Choose a service from this district's directory."))
    override: str | UnsetType = UNSET
    if share_details and not case.report.get("consent_share_services"):
        override = _override(actor, case, override_reason)
    event = ev.CaseReferred(
        number=len(case.referrals) + 1,
        service=service.code,
        service_kind=service.kind,
        shares_details=bool(share_details),
        override=override,
    )
    return _record(case, ref, actor, event)


@transaction.atomic
def update_referral(actor: Actor, ref: str, *, number: int, status: str) -> Case:
    """Record a service's answer: accepted or declined, then completed."""
    case = _lock_case(ref)
    require_permission(actor, Action.ADD_NOTE, case)
    current = next((r for r in case.referrals if r["number"] == number), None)
    if current is None:
        raise CommandRefused(_("No referral has that number on this case."))
    if status not in REFERRAL_MOVES.get(current["status"], set()):
        raise CommandRefused(
            _("A referral goes from referred to accepted or declined, then to completed.")
        )
    return _record(case, ref, actor, ev.ReferralUpdated(number=number, status=status))


@transaction.atomic
def record_legal_basis(actor: Actor, ref: str, *, basis: str) -> Case:
    """A supervisor or district officer records the legal basis (a court order, a section of the
    law) on which the police and prosecutor may read the protected details although the reporter
    did not consent, or named the police as the abuser. The basis is required and stays in the
    case's history."""
    case = _lock_case(ref)
    require_permission(actor, Action.ASSIGN_CASE, case)
    basis = _reason(basis, required=False)
    if not basis:
        raise CommandRefused(
            _("Write the legal basis: the law, section or court order that allows it.")
        )
    return _record(case, ref, actor, ev.LegalBasisRecorded(basis=basis))
