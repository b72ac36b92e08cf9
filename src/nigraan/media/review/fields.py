"""The incident fields a reviewer may correct, and how a typed value is read and checked."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext as _

from nigraan.media.extract.fields import OFFENCES

RELATIONS = (
    "family",
    "neighbour",
    "acquaintance",
    "teacher_or_cleric",
    "employer",
    "police_or_official",
    "stranger",
    "unknown",
)
POLICE_ACTIONS = ("arrested", "fir_registered", "refused_or_delayed", "none_reported", "unknown")
GENDERS = ("female", "male", "unknown")
CHOICES: dict[str, tuple[str, ...]] = {
    "offence": OFFENCES,
    "perpetrator_relation": RELATIONS,
    "police_action": POLICE_ACTIONS,
}
EDITABLE = (
    "offence",
    "victims",
    "victim_ages",
    "victim_genders",
    "city",
    "district_code",
    "date_of_incident",
    "perpetrator_relation",
    "perpetrators_count",
    "police_action",
)
NUMBERS = ("victims", "perpetrators_count")


class FieldRefused(ValueError):
    """A value that cannot be the field's: the message says why, in the reader's language."""


def _number(text: str, most: int = 999) -> int | None:
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > most:
        raise FieldRefused(_("Write a whole number from 0 to %(most)s.") % {"most": most})
    return int(text)


def _list(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,]+", text) if part]


def read_value(field: str, text: str) -> Any:
    """The value of ``field`` a reviewer typed (empty: not known), checked."""
    text = text.strip()
    if field not in EDITABLE:
        raise FieldRefused(_("That field cannot be corrected here."))
    if field in NUMBERS:
        return _number(text)
    if field == "victim_ages":
        return [_number(part, 120) for part in _list(text)]
    if field == "victim_genders":
        genders = _list(text.lower())
        if any(g not in GENDERS for g in genders):
            raise FieldRefused(_("Write female, male or unknown, one per victim."))
        return genders
    if field == "date_of_incident":
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise FieldRefused(_("Write the date as YYYY-MM-DD.")) from None
    if field in CHOICES:
        if text and text not in CHOICES[field]:
            raise FieldRefused(_("Choose one of the listed values."))
        return text
    return text[:120]  # city, district_code (checked against the geography by the caller)


def shown(value: Any) -> str:
    """A stored value as the edit box shows it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
