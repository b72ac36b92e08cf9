"""The commands that change a district's directory of services (where a case can be referred).

Only an administrator or a district child-protection officer changes it, and only for districts
their jurisdictions cover. Every command validates all of its input first and then either does
the whole change or nothing. Directory changes are not case events: each one is logged at INFO
(who, what, which service code, when), with no names or contact details in the log.
"""

from __future__ import annotations

import logging
import unicodedata
from types import SimpleNamespace
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nigraan import clock
from nigraan.accounts.models import Role, Staff
from nigraan.accounts.permissions import PermissionDenied, covers
from nigraan.cases.commands import CommandRefused
from nigraan.cases.models import Service, ServiceKind
from nigraan.geo.models import District

log = logging.getLogger("nigraan.services")

# Who may change a directory (within their jurisdictions).
DIRECTORY_MANAGERS = frozenset({Role.ADMINISTRATOR.value, Role.DISTRICT_OFFICER.value})
MAX_NAME_CHARS = Service._meta.get_field("name").max_length or 200
MAX_CONTACT_CHARS = Service._meta.get_field("contact").max_length or 200

# The model's kind labels are not translated; staff pages use these.
KIND_LABELS = {
    ServiceKind.MEDICAL.value: gettext_lazy("Medical"),
    ServiceKind.LEGAL_AID.value: gettext_lazy("Legal aid"),
    ServiceKind.PSYCHOSOCIAL.value: gettext_lazy("Psychosocial support"),
    ServiceKind.SHELTER.value: gettext_lazy("Shelter"),
    ServiceKind.CHILD_PROTECTION.value: gettext_lazy("Child protection"),
}


def kind_label(kind: str) -> str:
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else str(dict(ServiceKind.choices).get(kind, kind))


def kind_choices() -> list[tuple[str, str]]:
    return [(kind.value, kind_label(kind.value)) for kind in ServiceKind]


class DirectoryRefused(CommandRefused):
    """Input a person can fix. ``errors`` maps each form field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def may_manage_directory(staff: Any, district: District | None = None) -> bool:
    """May this person change the directory (of this district)? Without a district: anywhere?"""
    if staff is None or not getattr(staff, "is_authenticated", False) or not staff.is_active:
        return False
    if staff.role not in DIRECTORY_MANAGERS:
        return False
    if district is None:
        return staff.jurisdictions.exists()
    return covers(
        staff, SimpleNamespace(district_id=district.code, province_id=district.province_id)
    )


def _require_manager(staff: Any, district: District) -> None:
    if not may_manage_directory(staff, district):
        who = getattr(staff, "username", "anonymous")
        raise PermissionDenied(f"{who} may not change the services directory of {district.code}")


def _text(
    value: Any, what: str, *, required: bool, limit: int, errors: dict[str, str], key: str
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[key] = _("%(what)s must be text.") % {"what": what}
        return ""
    value = " ".join(value.split())  # one line: collapse newlines, tabs and runs of spaces
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        errors[key] = _("%(what)s has characters that cannot be shown.") % {"what": what}
        return ""
    if required and not value:
        errors[key] = _("%(what)s is required.") % {"what": what}
    elif len(value) > limit:
        errors[key] = _("%(what)s is too long: at most %(limit)d characters.") % {
            "what": what,
            "limit": limit,
        }
    return value


def _new_code(district: District, kind: str) -> str:
    """A stable code for referral events: district slug, kind and a number ("kasur-shelter-2").
    Names are not in it, so a renamed service keeps its code."""
    stem = f"{district.slug}-{kind}".replace("_", "-")[:54]
    number = Service.objects.filter(code__startswith=f"{stem}-").count() + 1
    while Service.objects.filter(code=f"{stem}-{number}").exists():
        number += 1
    return f"{stem}-{number}"


def add_service(
    actor: Staff, *, district_code: str, kind: str, name: str, contact: str = ""
) -> Service:
    """Add a service to a district's directory. Refuses the whole request if any field is
    wrong, naming every field to fix; refuses a person who may not change that directory."""
    if not may_manage_directory(actor):
        raise PermissionDenied(
            f"{getattr(actor, 'username', 'anonymous')} may not change a services directory"
        )
    district, name, contact = _checked_service(actor, district_code, kind, name, contact)
    service = _create_service(district, kind, name, contact)
    log.info(
        "service added: code=%s district=%s kind=%s by=%s at=%s",
        service.code,
        district.code,
        kind,
        actor.username,
        clock.now().isoformat(),
    )
    return service


def _checked_service(
    actor: Staff, district_code: Any, kind: Any, name: Any, contact: Any
) -> tuple[District, str, str]:
    """The district and the cleaned name and contact of a new service; DirectoryRefused naming
    every field to fix, or PermissionDenied for a district the person may not change."""
    errors: dict[str, str] = {}
    district = (
        District.objects.filter(code=district_code).first()
        if isinstance(district_code, str) and district_code
        else None
    )
    if district is None:
        errors["district"] = _("Choose a district from the list.")
    if kind not in ServiceKind.values:
        errors["kind"] = _("Choose a kind of service from the list.")
    name = _text(
        name,
        _("The service's name"),
        required=True,
        limit=MAX_NAME_CHARS,
        errors=errors,
        key="name",
    )
    contact = _text(
        contact,
        _("The contact"),
        required=False,
        limit=MAX_CONTACT_CHARS,
        errors=errors,
        key="contact",
    )
    if district is not None:
        _require_manager(actor, district)
        if (
            "name" not in errors
            and "kind" not in errors
            and Service.objects.filter(district=district, kind=kind, name__iexact=name).exists()
        ):
            errors["name"] = _(
                "This district's directory already has a service of that kind with that name."
            )
    if errors or district is None:  # no district is always an error too
        raise DirectoryRefused(errors)
    return district, name, contact


def _create_service(district: District, kind: str, name: str, contact: str) -> Service:
    for _attempt in range(3):  # two people adding at once may pick the same number
        try:
            with transaction.atomic():
                return Service.objects.create(
                    code=_new_code(district, kind),
                    district=district,
                    kind=kind,
                    name=name,
                    contact=contact,
                )
        except IntegrityError:
            continue
    raise DirectoryRefused({"name": _("The directory is busy; please try again.")})


def set_service_active(actor: Any, *, code: str, active: bool) -> Service:
    """Deactivate a service (no new referrals to it; existing ones keep their history) or
    reactivate it."""
    with transaction.atomic():
        service = (
            Service.objects.select_for_update().select_related("district").filter(code=code).first()
            if isinstance(code, str) and code
            else None
        )
        if service is None:
            raise DirectoryRefused({"service": _("No service has that code.")})
        _require_manager(actor, service.district)
        if service.active == active:
            message = (
                _("That service is already active.")
                if active
                else _("That service is already inactive.")
            )
            raise DirectoryRefused({"service": message})
        service.active = active
        service.save(update_fields=["active"])
    log.info(
        "service %s: code=%s district=%s by=%s at=%s",
        "reactivated" if active else "deactivated",
        service.code,
        service.district_id,
        actor.username,
        clock.now().isoformat(),
    )
    return service
