"""The people tests work with, defined once (the ``personas`` fixture in conftest.py).

Most tests happen in Kasur (district PK614, Punjab PK6): its helpline operator, case workers,
supervisor, district officer, police liaison and prosecutor, Punjab's oversight and a national
administrator. A few others stand elsewhere, for contrast. Each person is created the first time
a test asks for them, so a test pays only for the people it uses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KASUR, ATTOCK, LAHORE, PUNJAB = "PK614", "PK601", "PK617", "PK6"
PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class Persona:
    username: str
    role: str
    district: str | None = None
    province: str | None = None
    country: bool = False


PERSONAS: dict[str, Persona] = {
    # Kasur
    "op": Persona("op.kasur", "helpline_operator", district=KASUR),
    "cw": Persona("cw.kasur", "case_worker", district=KASUR),
    "cw2": Persona("cw2.kasur", "case_worker", district=KASUR),
    "sup": Persona("sup.kasur", "supervisor", district=KASUR),
    "dco": Persona("dco.kasur", "district_officer", district=KASUR),
    "police": Persona("police.kasur", "police_liaison", district=KASUR),
    "pros": Persona("pros.kasur", "prosecutor", district=KASUR),
    # Punjab and the country
    "oversight": Persona("oversight.punjab", "oversight", province=PUNJAB),
    "sup.punjab": Persona("sup.punjab", "supervisor", province=PUNJAB),
    "police.punjab": Persona("police.punjab", "police_liaison", province=PUNJAB),
    "pros.punjab": Persona("pros.punjab", "prosecutor", province=PUNJAB),
    "admin": Persona("admin", "administrator", country=True),
    "admin2": Persona("admin2", "administrator", country=True),  # erasure needs two
    # Elsewhere, for contrast
    "cw.lahore": Persona("cw.lahore", "case_worker", district=LAHORE),
    "op.attock": Persona("op.attock", "helpline_operator", district=ATTOCK),
    "cw.attock": Persona("cw.attock", "case_worker", district=ATTOCK),
    "sup.attock": Persona("sup.attock", "supervisor", district=ATTOCK),
}


def create_staff(
    username: str,
    role: str,
    *,
    district: str | None = None,
    province: str | None = None,
    country: bool = False,
    password: str = PASSWORD,
) -> Any:
    """One staff member with their jurisdictions (needs the database)."""
    from nigraan.accounts.models import Jurisdiction, JurisdictionLevel, Staff

    staff = Staff.objects.create_user(username=username, password=password, role=role)
    if district:
        Jurisdiction.objects.create(staff=staff, level=JurisdictionLevel.DISTRICT, code=district)
    if province:
        Jurisdiction.objects.create(staff=staff, level=JurisdictionLevel.PROVINCE, code=province)
    if country:
        Jurisdiction.objects.create(staff=staff, level=JurisdictionLevel.COUNTRY, code="PK")
    return staff


class Personas:
    """``personas["sup"]`` is Kasur's supervisor, created on first use."""

    def __init__(self) -> None:
        self._made: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._made:
            persona = PERSONAS[key]
            self._made[key] = create_staff(
                persona.username,
                persona.role,
                district=persona.district,
                province=persona.province,
                country=persona.country,
            )
        return self._made[key]

    def __contains__(self, key: object) -> bool:
        return key in PERSONAS

    def ensure(self, *keys: str) -> Personas:
        """Create these people now: for tests about who exists (a team, an assignee list)."""
        for key in keys:
            self[key]
        return self
