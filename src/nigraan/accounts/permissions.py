"""The one place that decides whether a staff member may do something to a case.

Two questions, both needed: does the person's ROLE allow the action, and does one of their
JURISDICTIONS cover the case? A country jurisdiction covers every case; a province covers its
districts' cases and province-only cases; a district covers that district's cases. A case whose
place is not known at all is covered only by country-level staff.

A third, for the justice side only: the police liaison and the prosecutor read a case's protected
details only with the reporter's CONSENT to share the report with the police, or after a
supervisor recorded a legal basis on the case (``case.legal_basis_recorded``). When the reporter
named the police or an official as the abuser, the police liaison needs that legal basis even
with consent.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext as _

from nigraan.accounts.models import JurisdictionLevel, Role, Staff
from nigraan.security import events as security_events


class Action(str, Enum):
    VIEW_CASE = "view_case"
    READ_PROTECTED = "read_protected"
    OPEN_CASE = "open_case"
    ASSIGN_CASE = "assign_case"
    ADD_NOTE = "add_note"
    CORRECT_FIELD = "correct_field"
    RECORD_POLICE_EVENT = "record_police_event"
    RECORD_COURT_EVENT = "record_court_event"
    CLOSE_CASE = "close_case"
    SHRED_CASE = "shred_case"
    MANAGE_STAFF = "manage_staff"
    VIEW_ACCESS_LOG = "view_access_log"
    AUDIT_LEDGER = "audit_ledger"  # read raw ledger entries across all cases
    VIEW_SECURITY_EVENTS = "view_security_events"  # logins, lock-outs, refusals, alerts
    ESCALATE_DEADLINE = "escalate_deadline"  # the deadline sweep only; no person's role has it
    REVIEW_PRESS = "review_press"  # press incidents of the place: confirm, edit, merge, link
    EXPORT_CASES = "export_cases"  # case-level rows (no protected field) within jurisdictions


class PermissionDenied(Exception):
    """Raised by ``require``; the message says what was refused, never what the case holds."""


class ConsentRequired(PermissionDenied):
    """The role and the place allow it, but the reporter did not consent (and no legal basis was
    recorded): the message says so, and what would allow it."""


class CaseLike(Protocol):
    @property
    def district_id(self) -> str | None: ...

    @property
    def province_id(self) -> str | None: ...


A = Action
_CASE_TEAM = {A.VIEW_CASE, A.READ_PROTECTED, A.OPEN_CASE, A.ADD_NOTE, A.CORRECT_FIELD}

# Role → what it may do (within its jurisdictions). Need to know: only roles that act on a
# person's behalf read protected identities; oversight and administrators never do.
ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.HELPLINE_OPERATOR: frozenset({A.VIEW_CASE, A.OPEN_CASE, A.ADD_NOTE}),
    Role.CASE_WORKER: frozenset(_CASE_TEAM),
    Role.SUPERVISOR: frozenset(
        _CASE_TEAM | {A.ASSIGN_CASE, A.CLOSE_CASE, A.VIEW_ACCESS_LOG, A.REVIEW_PRESS}
    ),
    Role.DISTRICT_OFFICER: frozenset(
        _CASE_TEAM | {A.ASSIGN_CASE, A.CLOSE_CASE, A.VIEW_ACCESS_LOG, A.REVIEW_PRESS}
    ),
    Role.POLICE_LIAISON: frozenset(
        {A.VIEW_CASE, A.READ_PROTECTED, A.ADD_NOTE, A.RECORD_POLICE_EVENT}
    ),
    Role.PROSECUTOR: frozenset({A.VIEW_CASE, A.READ_PROTECTED, A.ADD_NOTE, A.RECORD_COURT_EVENT}),
    Role.OVERSIGHT: frozenset(
        {A.VIEW_CASE, A.VIEW_ACCESS_LOG, A.AUDIT_LEDGER, A.REVIEW_PRESS, A.EXPORT_CASES}
    ),
    Role.ADMINISTRATOR: frozenset(
        {
            A.VIEW_CASE,
            A.SHRED_CASE,
            A.MANAGE_STAFF,
            A.VIEW_ACCESS_LOG,
            A.AUDIT_LEDGER,
            A.VIEW_SECURITY_EVENTS,
            A.EXPORT_CASES,
        }
    ),
}

# Actions that are not about one case (checked against the role only).
CASELESS_ACTIONS = frozenset({A.MANAGE_STAFF, A.AUDIT_LEDGER, A.VIEW_SECURITY_EVENTS})


def role_allows(role: str, action: Action) -> bool:
    return action in ROLE_ACTIONS.get(role, frozenset())


def _jurisdictions(staff: Staff) -> list[tuple[str, str]]:
    if staff.jurisdiction_cache is None:
        staff.jurisdiction_cache = list(staff.jurisdictions.values_list("level", "code"))
    return staff.jurisdiction_cache


def covers(staff: Staff, case: CaseLike) -> bool:
    """Does one of the person's jurisdictions cover the case's place?"""
    district = getattr(case, "district_id", None)
    province = getattr(case, "province_id", None)
    for level, code in _jurisdictions(staff):
        if level == JurisdictionLevel.COUNTRY:
            return True
        if level == JurisdictionLevel.PROVINCE and province and code == province:
            return True
        if level == JurisdictionLevel.DISTRICT and district and code == district:
            return True
    return False


# Roles whose reading of protected details needs the reporter's consent to share with the
# police, or a supervisor's recorded legal basis. The child-protection team works for the
# reporter and reads with a logged reason alone.
CONSENT_BOUND_ROLES = frozenset({Role.POLICE_LIAISON, Role.PROSECUTOR})
ABUSER_IS_POLICE = "police_or_official"


def consent_refusal(role: str, case: object) -> str:
    """Why this role may not read this case's protected details for want of consent, or "" when
    consent (or a recorded legal basis) allows it. Reads the case's report facts and its
    ``legal_basis_recorded``; a case without them has neither."""
    if role not in CONSENT_BOUND_ROLES or getattr(case, "legal_basis_recorded", False) is True:
        return ""
    report = getattr(case, "report", None) or {}
    if role == Role.POLICE_LIAISON and report.get("abuser_relation") == ABUSER_IS_POLICE:
        return _(
            "The reporter named the police or an official as the abuser: the police may read the "
            "protected details only after a supervisor records a legal basis."
        )
    if report.get("consent_share_police") is not True:
        return _(
            "The reporter did not agree to share the report with the police: the police and "
            "prosecutor may read the protected details only after a supervisor records a legal "
            "basis."
        )
    return ""


def may(staff: Staff | AnonymousUser | None, action: Action, case: CaseLike | None = None) -> bool:
    """May this person do this (to this case)? Inactive or anonymous people may do nothing."""
    if not isinstance(staff, Staff) or not staff.is_authenticated or not staff.is_active:
        return False
    if not role_allows(staff.role, action):
        return False
    if action in CASELESS_ACTIONS:
        return True
    if case is None:
        # "May they do this anywhere?" — for menus; each case is still checked on use.
        return bool(_jurisdictions(staff))
    if action is Action.READ_PROTECTED and consent_refusal(staff.role, case):
        return False
    return covers(staff, case)


def require(
    staff: Staff | AnonymousUser | None, action: Action, case: CaseLike | None = None
) -> None:
    """Refuse (and record the refusal as a security event) unless ``may``. Commands should ask
    this rather than ``may`` so that every refusal is recorded."""
    if not may(staff, action, case):
        who = getattr(staff, "username", "anonymous")
        security_events.record_refusal(
            staff, what=action.value, case_ref=str(getattr(case, "ref", "") or "")
        )
        raise refusal(staff, action, case, f"{who} may not {action.value} here")


def refusal(
    staff: Staff | AnonymousUser | None, action: Action, case: CaseLike | None, fallback: str
) -> PermissionDenied:
    """The refusal to raise when ``may`` said no: ``ConsentRequired`` with its message when only
    the reporter's consent was missing."""
    if action is Action.READ_PROTECTED and isinstance(staff, Staff) and staff.is_active and case:
        why = consent_refusal(staff.role, case)
        if why and role_allows(staff.role, action) and covers(staff, case):
            return ConsentRequired(why)
    return PermissionDenied(fallback)


def works_cases(role: str) -> bool:
    """Roles that can own a case: the whole case team's actions (read its details, note, correct,
    open), that is the case worker, supervisor and district child-protection officer."""
    return _CASE_TEAM.issubset(ROLE_ACTIONS.get(role, frozenset()))


def work_refusal(staff: Staff, case: CaseLike) -> str:
    """Why this person cannot be given this case to work (own), or "" when they can: an owner
    answers for the next step, so must hold a case-team role, be active, and cover the place."""
    if not staff.is_active:
        return _("%(name)s's account is not active.") % {"name": staff.username}
    if not works_cases(staff.role):
        return _(
            "%(name)s is a %(role)s and cannot work a case: only a case worker, supervisor or "
            "district child-protection officer can own one."
        ) % {"name": staff.username, "role": Role(staff.role).label}
    if not covers(staff, case):
        return _(
            "%(name)s does not work in this case's area: choose someone whose district or "
            "province covers it."
        ) % {"name": staff.username}
    return ""


def cases_visible_to(staff: Staff) -> Q:
    """A filter for the Case table: the cases this person may view."""
    if not may(staff, Action.VIEW_CASE):
        return Q(pk__in=[])
    query = Q(pk__in=[])
    for level, code in _jurisdictions(staff):
        if level == JurisdictionLevel.COUNTRY:
            return Q()
        if level == JurisdictionLevel.PROVINCE:
            query |= Q(province_id=code)
        elif level == JurisdictionLevel.DISTRICT:
            query |= Q(district_id=code)
    return query


def reads_protected_data(role: str) -> bool:
    """Roles that can read protected data must use a second factor."""
    return role_allows(role, Action.READ_PROTECTED)
