"""The press review's ledger events: one typed kind per change, on the ledger's ``PRESS`` chain.

Press incidents are not cases: their events go to a chain of their own, registered as a record
chain (``ledger.verify.register_record_chain``) so the case projection checks and the figures
leave it alone, like the figures releases' ``FIGURES``. Each event names its incident by id.
The data holds what the press printed and what reviewers decided, never a name.
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec
from django.utils.translation import gettext_lazy as _

PRESS_CHAIN = "PRESS"


class PressEvent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    kind: ClassVar[str]
    label: ClassVar[Any]
    incident: int

    def data(self) -> dict[str, Any]:
        return msgspec.to_builtins(self)


class StatusSet(PressEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "press.status_set"
    label = _("Status set")
    status: str  # needs_review, confirmed, not_relevant
    reason: str


class FieldEdited(PressEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "press.field_edited"
    label = _("Field corrected")
    field: str
    value: str  # the new value as JSON text (a list, a number, a word or null)


class Merged(PressEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "press.merged"
    label = _("Merged into another incident")
    into: int


class Linked(PressEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "press.linked"
    label = _("Linked to a case")
    case: str  # the case's reference
    opened: bool  # True: the case was opened from this incident (channel "press")


class Escalated(PressEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "press.escalated"
    label = _("Confirmed with no case: escalated")
    level: int
    to: str  # the role told
    told: int  # how many people were told (0 is itself worth seeing)


PRESS_EVENTS: tuple[type[PressEvent], ...] = (StatusSet, FieldEdited, Merged, Linked, Escalated)
PRESS_KINDS: dict[str, type[PressEvent]] = {cls.kind: cls for cls in PRESS_EVENTS}
