"""CAP 1.2 XML from a typed message, validated against the OASIS schema before it is returned.

``cap_document(message)`` is the only way Nigraan makes a CAP document: it checks what the schema
cannot (``cap_checks``), writes the XML with lxml, parses the bytes back and validates them against
``schema/CAP-v1.2.xsd``. A document that does not validate raises ``CapInvalid`` and is never
returned, so it can never be published. Documents are not signed (XML-DSig is optional in CAP 1.2;
see docs/alerts.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from nigraan.alerts.cap_checks import CapInvalid, check_message
from nigraan.alerts.cap_model import (
    CAP_NAMESPACE,
    CapArea,
    CapInfo,
    CapMessage,
    CapResource,
    ValuePair,
    cap_time,
)

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "CAP-v1.2.xsd"
_NS = "{" + CAP_NAMESPACE + "}"


@lru_cache(maxsize=1)
def cap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def validate_cap(document: bytes) -> etree._Element:
    """Parse and validate a CAP document; raises CapInvalid with the schema's first complaint."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        raise CapInvalid(f"not well-formed XML: {exc}") from exc
    try:
        cap_schema().assertValid(root)
    except etree.DocumentInvalid as exc:
        raise CapInvalid(f"CAP 1.2 schema: {exc}") from exc
    return root


@dataclass(frozen=True)
class CapDocument:
    """A message and its XML, which validated against the CAP 1.2 schema when it was made."""

    message: CapMessage
    xml: bytes


def cap_document(message: CapMessage) -> CapDocument:
    """The message as CAP 1.2 XML (UTF-8), valid against the schema, or CapInvalid."""
    check_message(message)
    try:
        root = _alert_element(message)
    except ValueError as exc:  # lxml refuses control characters and the like in text
        raise CapInvalid(f"text that XML cannot carry: {exc}") from exc
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    validate_cap(document)
    return CapDocument(message=message, xml=document)


def _add(parent: etree._Element, name: str, text: str | None = None) -> etree._Element:
    element = etree.SubElement(parent, _NS + name)
    if text is not None:
        element.text = text
    return element


def _add_optional(parent: etree._Element, name: str, text: str) -> None:
    if text:
        _add(parent, name, text)


def _add_pairs(parent: etree._Element, name: str, pairs: tuple[ValuePair, ...]) -> None:
    for pair in pairs:
        element = _add(parent, name)
        _add(element, "valueName", pair.name)
        _add(element, "value", pair.value)


def _alert_element(message: CapMessage) -> etree._Element:
    # Children in the order the schema's xs:sequence demands.
    # The default namespace's key is None, as lxml documents.
    root = etree.Element(_NS + "alert", nsmap={None: CAP_NAMESPACE})
    _add(root, "identifier", message.identifier)
    _add(root, "sender", message.sender)
    _add(root, "sent", cap_time(message.sent))
    _add(root, "status", str(message.status))
    _add(root, "msgType", str(message.msg_type))
    _add(root, "scope", message.scope)
    _add_optional(root, "note", message.note)
    if message.references:
        _add(root, "references", " ".join(ref.cap_text() for ref in message.references))
    _add_optional(root, "incidents", message.incidents)
    for info in message.infos:
        _info_element(root, info)
    return root


def _info_element(root: etree._Element, info: CapInfo) -> None:
    element = _add(root, "info")
    _add(element, "language", info.language)
    for category in info.categories:
        _add(element, "category", str(category))
    _add(element, "event", info.event)
    for response in info.response_types:
        _add(element, "responseType", str(response))
    _add(element, "urgency", str(info.urgency))
    _add(element, "severity", str(info.severity))
    _add(element, "certainty", str(info.certainty))
    _add_pairs(element, "eventCode", info.event_codes)
    if info.effective is not None:
        _add(element, "effective", cap_time(info.effective))
    if info.expires is not None:
        _add(element, "expires", cap_time(info.expires))
    for name, text in (
        ("senderName", info.sender_name),
        ("headline", info.headline),
        ("description", info.description),
        ("instruction", info.instruction),
        ("web", info.web),
        ("contact", info.contact),
    ):
        _add_optional(element, name, text)
    _add_pairs(element, "parameter", info.parameters)
    for resource in info.resources:
        _resource_element(element, resource)
    for area in info.areas:
        _area_element(element, area)


def _resource_element(info: etree._Element, resource: CapResource) -> None:
    element = _add(info, "resource")
    _add(element, "resourceDesc", resource.description)
    _add(element, "mimeType", resource.mime_type)
    if resource.size is not None:
        _add(element, "size", str(resource.size))
    _add(element, "uri", resource.uri)
    _add_optional(element, "digest", resource.digest_sha1)


def _area_element(info: etree._Element, area: CapArea) -> None:
    element = _add(info, "area")
    _add(element, "areaDesc", area.description)
    for ring in area.polygons:
        _add(element, "polygon", " ".join(f"{lat:.6f},{lon:.6f}" for lat, lon in ring))
    for circle in area.circles:
        _add(element, "circle", circle.cap_text())
    _add_pairs(element, "geocode", area.geocodes)
