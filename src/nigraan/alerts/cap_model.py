"""A CAP 1.2 message as typed values, field for field as the OASIS specification names them.

``nigraan.alerts.cap_messages`` fills these from a missing-child alert; ``nigraan.alerts.cap_xml``
turns them into XML and validates the result against the schema before anyone sees it.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

CAP_NAMESPACE = "urn:oasis:names:tc:emergency:cap:1.2"
CAP_MEDIA_TYPE = "application/cap+xml"


class Status(enum.StrEnum):
    ACTUAL = "Actual"
    EXERCISE = "Exercise"
    TEST = "Test"


class MsgType(enum.StrEnum):
    ALERT = "Alert"
    UPDATE = "Update"
    CANCEL = "Cancel"


class Category(enum.StrEnum):
    RESCUE = "Rescue"
    SECURITY = "Security"


class ResponseType(enum.StrEnum):
    MONITOR = "Monitor"
    ALL_CLEAR = "AllClear"
    NONE = "None"


class Urgency(enum.StrEnum):
    IMMEDIATE = "Immediate"
    PAST = "Past"


class Severity(enum.StrEnum):
    SEVERE = "Severe"
    MINOR = "Minor"


class Certainty(enum.StrEnum):
    OBSERVED = "Observed"
    LIKELY = "Likely"
    POSSIBLE = "Possible"


def cap_time(moment: dt.datetime) -> str:
    """CAP's dateTime: seconds, an explicit offset, never "Z" (the schema's pattern)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("CAP times need a time zone")
    text = moment.replace(microsecond=0).isoformat()
    return text.replace("+00:00", "-00:00") if text.endswith("+00:00") else text


@dataclass(frozen=True)
class MessageRef:
    """An earlier message, as ``references`` names it: sender, identifier and sent time."""

    sender: str
    identifier: str
    sent: dt.datetime

    def cap_text(self) -> str:
        return f"{self.sender},{self.identifier},{cap_time(self.sent)}"


@dataclass(frozen=True)
class ValuePair:
    """``eventCode``, ``parameter`` and ``geocode`` are all a valueName and a value."""

    name: str
    value: str


@dataclass(frozen=True)
class CapCircle:
    lat: float
    lon: float
    radius_km: float

    def cap_text(self) -> str:
        return f"{self.lat:.6f},{self.lon:.6f} {self.radius_km:.3f}"


@dataclass(frozen=True)
class CapArea:
    """Where the message is for. ``polygons`` are closed rings of (lat, lon) pairs."""

    description: str
    polygons: tuple[tuple[tuple[float, float], ...], ...] = ()
    circles: tuple[CapCircle, ...] = ()
    geocodes: tuple[ValuePair, ...] = ()


@dataclass(frozen=True)
class CapResource:
    description: str
    mime_type: str
    uri: str
    size: int | None = None
    digest_sha1: str = ""  # CAP 1.2 names SHA-1 for <digest>


@dataclass(frozen=True)
class CapInfo:
    language: str
    categories: tuple[Category, ...]
    event: str
    urgency: Urgency
    severity: Severity
    certainty: Certainty
    response_types: tuple[ResponseType, ...] = ()
    event_codes: tuple[ValuePair, ...] = ()
    effective: dt.datetime | None = None
    expires: dt.datetime | None = None
    sender_name: str = ""
    headline: str = ""
    description: str = ""
    instruction: str = ""
    web: str = ""
    contact: str = ""
    parameters: tuple[ValuePair, ...] = ()
    resources: tuple[CapResource, ...] = ()
    areas: tuple[CapArea, ...] = ()


@dataclass(frozen=True)
class CapMessage:
    identifier: str
    sender: str
    sent: dt.datetime
    status: Status
    msg_type: MsgType
    infos: tuple[CapInfo, ...]
    references: tuple[MessageRef, ...] = ()
    note: str = ""
    incidents: str = ""
    scope: str = "Public"

    def ref(self) -> MessageRef:
        """How a later Update or Cancel names this message."""
        return MessageRef(sender=self.sender, identifier=self.identifier, sent=self.sent)

    def info(self, language: str) -> CapInfo:
        found = next((info for info in self.infos if info.language == language), None)
        if found is None:
            raise KeyError(f"message {self.identifier} has no info in {language!r}")
        return found
