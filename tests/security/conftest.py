"""Fixtures for the security suite: one person per role, a case, and a public report."""

from __future__ import annotations

import json

import pytest

from nigraan.accounts.models import Role

# A role's jurisdiction for the personas: oversight and administrators work country-wide, the
# others in Kasur, where the test case is.
COUNTRY_ROLES = {Role.OVERSIGHT, Role.ADMINISTRATOR}
GOOD_REPORT = {
    "category": "harassment",
    "account": "A synthetic account for the security suite.",
    "police": "no",
    "reporter": "parent",
    "consent_understood": True,
    "district": "PK614",
    "age_band": "10-14",
    "gender": "female",
    "contact": "none",
}


@pytest.fixture
def personas(geography, make_staff):
    """One active staff member per role: ``personas["case_worker"]``."""
    return {
        role: make_staff(
            f"{role}.sec",
            role,
            **({"country": True} if role in COUNTRY_ROLES else {"district": "PK614"}),
        )
        for role in Role.values
    }


@pytest.fixture
def kasur_case(personas):
    from nigraan.cases import commands

    return commands.open_case(
        personas["helpline_operator"],
        channel="helpline",
        category="sexual_abuse",
        district_code="PK614",
        protected={"narrative": "A synthetic account.", "victim_name": "Demo Child Theta"},
    )


@pytest.fixture
def public_report(client, geography) -> dict:
    """A report filed through the partner API, as a reporter would: its answer (with receipt)."""
    response = client.post(
        "/api/v1/reports", data=json.dumps(GOOD_REPORT), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    return response.json()
