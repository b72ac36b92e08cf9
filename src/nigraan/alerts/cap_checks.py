"""What the CAP 1.2 schema leaves as plain strings, checked against the specification's text.

The XSD types ``identifier``, ``references``, ``circle`` and ``polygon`` as ``xs:string``; the
specification (section 3.2) says more: identifiers and senders carry no spaces, commas, ``<`` or
``&``; Update and Cancel name earlier messages in ``references``; a polygon is a closed ring of
at least four WGS 84 points; a circle is a point and a radius in kilometres. Each failure raises
``CapInvalid`` naming the field, and no document is built.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from nigraan.alerts.cap_model import CapArea, CapInfo, CapMessage, MessageRef, MsgType

_FORBIDDEN = re.compile(r"[\s,<&]")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
MAX_IDENTIFIER = 60  # so "cap:<identifier>:<recipient>" fits the outbox's 100-character key


class CapInvalid(ValueError):
    """A CAP document would be wrong; the message names the field. Nothing is published."""


def check_message(message: CapMessage) -> None:
    _check_token(message.identifier, "identifier")
    if len(message.identifier) > MAX_IDENTIFIER:
        raise CapInvalid(f"identifier: at most {MAX_IDENTIFIER} characters")
    _check_token(message.sender, "sender")
    _check_aware(message.sent, "sent")
    _check_references(message)
    if message.msg_type is not MsgType.CANCEL and not message.infos:
        raise CapInvalid(f"{message.msg_type}: needs at least one info block")
    languages = [info.language for info in message.infos]
    if len(set(languages)) != len(languages):
        raise CapInvalid(f"info: one block per language, found {languages}")
    for info in message.infos:
        _check_info(info, message)


def _check_token(value: str, field: str) -> None:
    if not value or _FORBIDDEN.search(value):
        raise CapInvalid(f"{field}: required, without spaces, commas, '<' or '&' ({value!r})")


def _check_aware(moment: object, field: str) -> None:
    if getattr(moment, "tzinfo", None) is None:
        raise CapInvalid(f"{field}: a time with its time zone is required")


def _check_references(message: CapMessage) -> None:
    if message.msg_type in (MsgType.UPDATE, MsgType.CANCEL) and not message.references:
        raise CapInvalid(f"{message.msg_type}: 'references' must name the message it replaces")
    if message.msg_type is MsgType.ALERT and message.references:
        raise CapInvalid("Alert: a first message references nothing (use Update)")
    seen: set[tuple[str, str]] = set()
    for ref in message.references:
        _check_reference(ref)
        if (ref.sender, ref.identifier) == (message.sender, message.identifier):
            raise CapInvalid("references: a message cannot reference itself")
        if (ref.sender, ref.identifier) in seen:
            raise CapInvalid(f"references: {ref.identifier} is named twice")
        seen.add((ref.sender, ref.identifier))
        if ref.sent > message.sent:
            raise CapInvalid(f"references: {ref.identifier} was sent after this message")


def _check_reference(ref: MessageRef) -> None:
    _check_token(ref.sender, "references.sender")
    _check_token(ref.identifier, "references.identifier")
    _check_aware(ref.sent, "references.sent")


def _check_info(info: CapInfo, message: CapMessage) -> None:
    where = f"info[{info.language}]"
    if not _LANGUAGE.match(info.language):
        raise CapInvalid(f"{where}: language must be an RFC 3066 code like en-US or ur")
    if not info.categories or not info.event.strip():
        raise CapInvalid(f"{where}: category and event are required")
    for name, moment in (("effective", info.effective), ("expires", info.expires)):
        if moment is not None:
            _check_aware(moment, f"{where}.{name}")
    if info.expires is not None and info.expires <= message.sent:
        raise CapInvalid(f"{where}.expires: must be after the message was sent")
    if info.web:
        _check_url(info.web, f"{where}.web")
    _check_resources(info, where)
    for pair in (*info.event_codes, *info.parameters):
        if not pair.name.strip() or not pair.value.strip():
            raise CapInvalid(f"{where}: eventCode and parameter need a valueName and a value")
    if not info.areas:
        raise CapInvalid(f"{where}: a public alert says where it is for (area)")
    for area in info.areas:
        check_area(area, where)


def _check_resources(info: CapInfo, where: str) -> None:
    for resource in info.resources:
        if not resource.description.strip() or "/" not in resource.mime_type:
            raise CapInvalid(f"{where}.resource: a description and a MIME type are required")
        _check_url(resource.uri, f"{where}.resource.uri")
        if resource.digest_sha1 and not re.fullmatch(r"[0-9a-f]{40}", resource.digest_sha1):
            raise CapInvalid(f"{where}.resource.digest: SHA-1 in lower-case hexadecimal")


def _check_url(value: str, field: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CapInvalid(f"{field}: an absolute http(s) address is required ({value!r})")


def _check_point(lat: float, lon: float, field: str) -> None:
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise CapInvalid(f"{field}: ({lat}, {lon}) is not a WGS 84 latitude and longitude")


def check_area(area: CapArea, where: str) -> None:
    field = f"{where}.area"
    if not area.description.strip():
        raise CapInvalid(f"{field}: areaDesc is required")
    if not (area.polygons or area.circles or area.geocodes):
        raise CapInvalid(f"{field}: needs a polygon, a circle or a geocode")
    for ring in area.polygons:
        if len(ring) < 4 or ring[0] != ring[-1]:
            raise CapInvalid(f"{field}.polygon: at least 4 points, the first equal to the last")
        for lat, lon in ring:
            _check_point(lat, lon, f"{field}.polygon")
    for circle in area.circles:
        _check_point(circle.lat, circle.lon, f"{field}.circle")
        if not circle.radius_km > 0:
            raise CapInvalid(f"{field}.circle: the radius must be more than 0 km")
    for code in area.geocodes:
        if not code.name.strip() or not code.value.strip():
            raise CapInvalid(f"{field}.geocode: needs a valueName and a value")
