"""How a release's cells and column values read to people (the pages and the annual report)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from nigraan.cases.vocabulary import AgeBand, Category, Channel, Custody, Gender, Outcome, Stage

Cell = int | str  # a shown number, or a status (stats/disclosure.py)

VOCABULARY = {
    "channel": Channel,
    "category": Category,
    "victim_age_band": AgeBand,
    "victim_gender": Gender,
    "response": Stage,
    "custody": Custody,
    "outcome": Outcome,
}


def value_label(attribute: str, value: str) -> str:
    choices = VOCABULARY.get(attribute)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return value


def cell_text(cell: Cell | None, threshold: int) -> str:
    """A number with thousands separators, or what a hidden cell is called."""
    if isinstance(cell, int):
        return f"{cell:,}"
    words = {
        "small": _("fewer than %(n)d") % {"n": threshold + 1},
        "under_small": _("not shown"),
        "withheld": _("withheld"),
        "not_published": _("not published"),
    }
    return words.get(cell or "", _("not published"))
