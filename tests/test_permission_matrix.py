"""The whole matrix: every role × every jurisdiction situation × every action, against a policy
written out here independently of the permission module's own table; and its consent dimension:
every role × every consent situation × every action on a case in the person's own district."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from nigraan.accounts.models import Role
from nigraan.accounts.permissions import Action, ConsentRequired, PermissionDenied, may, require

# What each role may do where it works. Written from the policy in docs/permissions.md.
EXPECTED_ROLE_ACTIONS = {
    "helpline_operator": {"view_case", "open_case", "add_note"},
    "case_worker": {"view_case", "read_protected", "open_case", "add_note", "correct_field"},
    "supervisor": {
        "view_case",
        "read_protected",
        "open_case",
        "add_note",
        "correct_field",
        "assign_case",
        "close_case",
        "view_access_log",
        "review_press",
    },
    "district_officer": {
        "view_case",
        "read_protected",
        "open_case",
        "add_note",
        "correct_field",
        "assign_case",
        "close_case",
        "view_access_log",
        "review_press",
    },
    "police_liaison": {"view_case", "read_protected", "add_note", "record_police_event"},
    "prosecutor": {"view_case", "read_protected", "add_note", "record_court_event"},
    "oversight": {"view_case", "view_access_log", "audit_ledger", "review_press", "export_cases"},
    "administrator": {
        "view_case",
        "shred_case",
        "manage_staff",
        "view_access_log",
        "audit_ledger",
        "view_security_events",
        "export_cases",
    },
}
NOT_ABOUT_ONE_CASE = {"manage_staff", "audit_ledger", "view_security_events"}


@dataclass(frozen=True)
class Place:
    district_id: str | None
    province_id: str | None
    # The reporter agreed to share with the police: the place matrix is about places only.
    report: dict[str, Any] = field(
        default_factory=lambda: {"consent_share_police": True}, compare=False, hash=False
    )


KASUR = Place("PK614", "PK6")  # Punjab
LAHORE = Place("PK617", "PK6")  # Punjab, another district
KARACHI = Place("PK702", "PK7")  # Sindh
PUNJAB_ONLY = Place(None, "PK6")  # district not known
NOWHERE = Place(None, None)  # place not known at all

# (jurisdiction level, code) → the cases it covers
SITUATIONS = {
    ("district", "PK614"): {KASUR},
    ("province", "PK6"): {KASUR, LAHORE, PUNJAB_ONLY},
    ("country", "PK"): {KASUR, LAHORE, KARACHI, PUNJAB_ONLY, NOWHERE},
}
CASES = [KASUR, LAHORE, KARACHI, PUNJAB_ONLY, NOWHERE]


def test_the_test_covers_every_role_and_action():
    assert set(EXPECTED_ROLE_ACTIONS) == set(Role.values)
    assert {a for actions in EXPECTED_ROLE_ACTIONS.values() for a in actions} <= {
        a.value for a in Action
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("jurisdiction", list(SITUATIONS), ids=lambda j: f"{j[0]}-{j[1]}")
def test_permission_matrix(make_staff, role, jurisdiction):
    level, code = jurisdiction
    staff = make_staff(
        f"{role}.{level}", role, **({"country": True} if level == "country" else {level: code})
    )
    checked = 0
    for action in Action:
        allowed_by_role = action.value in EXPECTED_ROLE_ACTIONS[role]
        if action.value in NOT_ABOUT_ONE_CASE:
            assert may(staff, action) is allowed_by_role, (role, level, action)
            checked += 1
            continue
        for case in CASES:
            expected = allowed_by_role and case in SITUATIONS[jurisdiction]
            assert may(staff, action, case) is expected, (role, level, action.value, case)
            checked += 1
    assert checked >= len(Action)


@pytest.mark.django_db
def test_an_inactive_account_may_do_nothing(make_staff):
    staff = make_staff("former.cw", "case_worker", country=True)
    staff.is_active = False
    staff.save()
    assert not any(may(staff, action, KASUR) for action in Action)


@pytest.mark.django_db
def test_a_person_with_two_districts_covers_both_and_no_more(make_staff):
    from nigraan.accounts.models import Jurisdiction

    staff = make_staff("cw.two", "case_worker", district="PK614")
    Jurisdiction.objects.create(staff=staff, level="district", code="PK702")
    assert may(staff, Action.READ_PROTECTED, KASUR) and may(staff, Action.READ_PROTECTED, KARACHI)
    assert not may(staff, Action.READ_PROTECTED, LAHORE)


def test_anonymous_visitors_may_do_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not any(may(AnonymousUser(), action, KASUR) for action in Action)


# The consent dimension, written from docs/permissions.md: the police liaison and the prosecutor
# read protected details only with the reporter's consent to share with the police, or after a
# supervisor recorded a legal basis; when the reporter named the police or an official as the
# abuser, the police liaison needs the legal basis even with consent. No other action and no
# other role depends on consent.
@dataclass(frozen=True)
class ConsentCase:
    name: str
    consent: bool
    legal_basis_recorded: bool = False
    abuser: str = "neighbour"
    district_id: str = "PK614"
    province_id: str = "PK6"

    @property
    def report(self) -> dict[str, Any]:
        return {"consent_share_police": self.consent, "abuser_relation": self.abuser}


CONSENT_CASES = [
    ConsentCase("no consent", consent=False),
    ConsentCase("consent", consent=True),
    ConsentCase("no consent, legal basis", consent=False, legal_basis_recorded=True),
    ConsentCase("abuser police, consent", consent=True, abuser="police_or_official"),
    ConsentCase("abuser police, no consent", consent=False, abuser="police_or_official"),
    ConsentCase(
        "abuser police, legal basis",
        consent=False,
        abuser="police_or_official",
        legal_basis_recorded=True,
    ),
]
# (role, consent case) → may read protected details, for the two roles consent binds.
JUSTICE_READS = {
    "police_liaison": {
        "no consent": False,
        "consent": True,
        "no consent, legal basis": True,
        "abuser police, consent": False,
        "abuser police, no consent": False,
        "abuser police, legal basis": True,
    },
    "prosecutor": {
        "no consent": False,
        "consent": True,
        "no consent, legal basis": True,
        "abuser police, consent": True,
        "abuser police, no consent": False,
        "abuser police, legal basis": True,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("case", CONSENT_CASES, ids=lambda c: c.name.replace(" ", "_"))
def test_permission_matrix_consent(make_staff, role, case):
    staff = make_staff(f"{role}.consent", role, district="PK614")
    for action in Action:
        if action.value in NOT_ABOUT_ONE_CASE:
            continue
        expected = action.value in EXPECTED_ROLE_ACTIONS[role]
        if action is Action.READ_PROTECTED and role in JUSTICE_READS:
            expected = JUSTICE_READS[role][case.name]
        assert may(staff, action, case) is expected, (role, case.name, action.value)


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(JUSTICE_READS))
def test_a_refusal_for_want_of_consent_says_why_and_what_would_allow_it(make_staff, role):
    staff = make_staff(f"{role}.why", role, district="PK614")
    with pytest.raises(ConsentRequired, match="did not agree to share the report with the police"):
        require(staff, Action.READ_PROTECTED, CONSENT_CASES[0])
    with pytest.raises(ConsentRequired, match="supervisor records a legal basis"):
        require(staff, Action.READ_PROTECTED, CONSENT_CASES[0])
    outside = ConsentCase("no consent", consent=False, district_id="PK617")
    with pytest.raises(PermissionDenied) as refused:  # not their district: no talk of consent
        require(staff, Action.READ_PROTECTED, outside)
    assert not isinstance(refused.value, ConsentRequired)
