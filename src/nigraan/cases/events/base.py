"""What every case event is: a frozen msgspec Struct with a kind, a version, a label for the
staff timeline and a one-line definition for people reading public figures.

An event's ``data`` in the ledger (line 8 of its leaf, see docs/ledger.md) is the Struct's fields
as JSON. A field that is sometimes absent is ``UNSET`` when absent, so encoding gives back exactly
the object that was stored. Version 1 payloads carry no version marker; a later version of a kind
carries ``"version": N`` among its data (docs/cases.md, "Event kinds").
"""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec


class EventInvalid(ValueError):
    """A payload that is not an event of its kind: a field missing, unknown or of the wrong type
    (the message names it), or a version this code does not know."""


class UnknownEventKind(EventInvalid):
    """A kind no event class is registered for."""


class CaseEvent(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One fact about a case. Subclasses declare ``kind``, ``label``, ``definition`` and, once a
    kind has changed shape, ``version``."""

    kind: ClassVar[str]
    version: ClassVar[int] = 1
    # gettext_lazy strings: the words change with the reader's language, the kind never does.
    label: ClassVar[Any]
    definition: ClassVar[Any]
