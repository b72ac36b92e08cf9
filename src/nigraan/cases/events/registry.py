"""Kind → class, and the two ways across: ``encode_event`` (a typed event → the ``data`` object
the ledger stores) and ``decode_event`` (a kind and its stored data → the typed event, older
versions upgraded by their upcasters)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

import msgspec

from nigraan.cases.events.base import CaseEvent, EventInvalid, UnknownEventKind
from nigraan.cases.events.kinds import (
    AccusedAdded,
    AlertApproved,
    AlertCancelled,
    AlertDrafted,
    AlertExpired,
    AlertIssued,
    AlertResolved,
    AlertUpdated,
    CaseAssigned,
    CaseOpened,
    CaseReferred,
    CaseShredded,
    ChargeRecorded,
    ClosureRefused,
    ClosureRequested,
    CustodyChanged,
    DateCorrected,
    DeadlineEscalated,
    FieldCorrected,
    HearingRecorded,
    LegalBasisRecorded,
    NoteAdded,
    PoliceContacted,
    ProjectionRepaired,
    ProtectedDataRead,
    ReferralUpdated,
    ReplyToReporter,
    ReporterMessage,
    ShredRequested,
    StageRecorded,
    VerdictRecorded,
    VerdictRecordedV1,
)

# Every kind, in the order a case's life usually meets them (docs/cases.md lists them so).
EVENT_CLASSES: tuple[type[CaseEvent], ...] = (
    CaseOpened,
    CaseAssigned,
    NoteAdded,
    FieldCorrected,
    StageRecorded,
    ProtectedDataRead,
    ShredRequested,
    CaseShredded,
    ReporterMessage,
    ReplyToReporter,
    DeadlineEscalated,
    AccusedAdded,
    CustodyChanged,
    ChargeRecorded,
    CaseReferred,
    ReferralUpdated,
    HearingRecorded,
    VerdictRecorded,
    DateCorrected,
    LegalBasisRecorded,
    ClosureRequested,
    ClosureRefused,
    ProjectionRepaired,
    AlertDrafted,
    AlertApproved,
    AlertIssued,
    AlertResolved,
    AlertCancelled,
    AlertUpdated,
    AlertExpired,
    PoliceContacted,
)
BY_KIND: dict[str, type[CaseEvent]] = {cls.kind: cls for cls in EVENT_CLASSES}
EVENT_KINDS: tuple[str, ...] = tuple(BY_KIND)
if len(BY_KIND) != len(EVENT_CLASSES):
    raise RuntimeError("two event classes declare the same kind")

VERSION_KEY = "version"


def _verdict_v1_to_v2(old: CaseEvent) -> CaseEvent:
    """Version 1 stored ``basis``, which its outcome and day always gave; version 2 derives it.
    A version-1 basis that does not follow from them was not written by Nigraan: refused."""
    if not isinstance(old, VerdictRecordedV1):
        raise TypeError(f"not a version-1 verdict: {old!r}")
    new = VerdictRecorded(
        outcome=old.outcome,
        accused=old.accused,
        on=old.on,
        custody=old.custody,
        flag=old.flag,
        rules=old.rules,
    )
    if old.basis != new.basis:
        raise EventInvalid(
            f"case.verdict_recorded version 1: basis {old.basis!r} does not follow from its "
            f"outcome and day ({new.basis!r})"
        )
    return new


# (kind, version) → (the class of that version, the upcaster to the next version).
UPCASTERS: dict[tuple[str, int], tuple[type[CaseEvent], Callable[[CaseEvent], CaseEvent]]] = {
    ("case.verdict_recorded", 1): (VerdictRecordedV1, _verdict_v1_to_v2),
}


def event_class(kind: str) -> type[CaseEvent]:
    cls = BY_KIND.get(kind)
    if cls is None:
        raise UnknownEventKind(f"unknown event kind {kind!r}")
    return cls


def encode_event(event: CaseEvent) -> dict[str, Any]:
    """The ``data`` object for the ledger: the fields set, and the version when it is not 1."""
    data: dict[str, Any] = msgspec.to_builtins(event)
    if event.version != 1:
        data[VERSION_KEY] = event.version
    return data


def _version_of(kind: str, payload: dict[str, Any], latest: int) -> int:
    if VERSION_KEY not in payload:
        return 1
    version = payload.pop(VERSION_KEY)
    if type(version) is not int or not 2 <= version <= latest:
        raise EventInvalid(
            f"{kind}: version {version!r} is not one this code reads (1, unmarked, to {latest})"
        )
    return version


def decode_event(kind: str, data: Mapping[str, Any]) -> CaseEvent:
    """The typed event; a missing, unknown or mistyped field is refused by name."""
    latest = event_class(kind)
    if not isinstance(data, Mapping):
        raise EventInvalid(f"{kind}: the data must be a JSON object")
    payload = dict(data)
    version = _version_of(kind, payload, latest.version)
    cls, upcast = UPCASTERS[(kind, version)] if version < latest.version else (latest, None)
    try:
        event = msgspec.convert(payload, cls)
    except msgspec.ValidationError as exc:
        raise EventInvalid(f"{kind} version {version}: {exc}") from exc
    while upcast is not None:
        event = upcast(event)
        version += 1
        upcast = UPCASTERS[(kind, version)][1] if version < latest.version else None
    return event


_JSON_DECODERS: dict[str, msgspec.json.Decoder] = {}
_VERSION_MARK = f'"{VERSION_KEY}":'


def decode_event_json(kind: str, data_json: str) -> CaseEvent:
    """``decode_event`` from the data's JSON text (line 8 of a leaf). A version-1 payload of a
    kind still at version 1 is decoded straight into its class (several times faster: the
    projection check decodes every event); anything else goes through ``decode_event``."""
    decoder = _JSON_DECODERS.get(kind)  # made only for kinds still at version 1
    if decoder is None:
        cls = event_class(kind)
        if cls.version != 1:
            return decode_event(kind, json.loads(data_json))
        decoder = _JSON_DECODERS[kind] = msgspec.json.Decoder(cls)
    if _VERSION_MARK in data_json:
        return decode_event(kind, json.loads(data_json))
    try:
        return decoder.decode(data_json)
    except (msgspec.ValidationError, msgspec.DecodeError) as exc:
        raise EventInvalid(f"{kind} version 1: {exc}") from exc


def event_label(kind: str) -> str:
    """The words for a kind on staff pages, in the active language (the kind itself if unknown)."""
    cls = BY_KIND.get(kind)
    return str(cls.label) if cls else kind
