"""The Atom feed (RFC 4287) of active alerts, each entry linking its CAP document.

Written with lxml, element by element, following the OASIS "CAP Feeds" practice and Google Public
Alerts: one entry per alert, its newest message; the entry's ``link`` points at the CAP document
(``/alerts/<identifier>.xml``, type application/cap+xml), a second link at the public page. An
alert stays in the feed until its messages expire, so a withdrawal or all-clear (which carry no
description or photo) replaces the alert for every reader before it leaves. A few CAP fields
(status, msgType, expires, area) are repeated in the CAP namespace, so readers can tell a drill
from a real alert without fetching the document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from lxml import etree

from nigraan.alerts.cap_model import CAP_MEDIA_TYPE, CAP_NAMESPACE, CapMessage
from nigraan.alerts.cap_xml import CapDocument
from nigraan.alerts.content import CAP_LANGUAGE

ATOM = "http://www.w3.org/2005/Atom"
_A = "{" + ATOM + "}"
_CAP = "{" + CAP_NAMESPACE + "}"
FEED_PATH = "/alerts/feed.atom"


def cap_url(site: str, identifier: str) -> str:
    return f"{site.rstrip('/')}/alerts/{identifier}.xml"


def _expires(message: CapMessage) -> dt.datetime | None:
    times = [info.expires for info in message.infos if info.expires is not None]
    return max(times) if times else None


def active(documents: Iterable[CapDocument], now: dt.datetime) -> list[CapDocument]:
    """The newest message of each alert that has not expired, newest first. ``documents`` are
    the newest message of each alert (the workflow keeps them)."""
    kept = []
    for document in documents:
        expires = _expires(document.message)
        if expires is not None and expires > now:
            kept.append(document)
    return sorted(kept, key=lambda d: d.message.sent, reverse=True)


def _text(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _entry(feed: etree._Element, document: CapDocument, site: str, language: str) -> None:
    message = document.message
    info = message.info(CAP_LANGUAGE[language])
    entry = etree.SubElement(feed, _A + "entry")
    url = cap_url(site, message.identifier)
    _text(entry, _A + "id", url)
    _text(entry, _A + "title", info.headline or info.event)
    _text(entry, _A + "updated", message.sent.isoformat())
    _text(entry, _A + "published", message.sent.isoformat())
    author = etree.SubElement(entry, _A + "author")
    _text(author, _A + "name", info.sender_name or message.sender)
    etree.SubElement(entry, _A + "link", rel="alternate", type=CAP_MEDIA_TYPE, href=url)
    if info.web:
        etree.SubElement(entry, _A + "link", rel="related", type="text/html", href=info.web)
    for resource in info.resources:  # the child's photo, only while the alert is active
        link = etree.SubElement(
            entry, _A + "link", rel="enclosure", type=resource.mime_type, href=resource.uri
        )
        if resource.size is not None:
            link.set("length", str(resource.size))
    etree.SubElement(entry, _A + "category", term=info.event)
    _text(entry, _A + "summary", info.description or info.headline, type="text")
    _text(entry, _CAP + "status", str(message.status))
    _text(entry, _CAP + "msgType", str(message.msg_type))
    if info.expires is not None:
        _text(entry, _CAP + "expires", info.expires.isoformat())
    if info.areas:
        _text(entry, _CAP + "areaDesc", info.areas[0].description)


def atom_feed(
    documents: Sequence[CapDocument],
    *,
    site: str,
    title: str,
    author: str,
    now: dt.datetime,
    language: str = "en",
) -> bytes:
    """The feed of ``documents`` (pass ``active(...)``), in one language, as UTF-8 bytes."""
    site = site.rstrip("/")
    # The default namespace's key is None, as lxml documents.
    namespaces = {None: ATOM, "cap": CAP_NAMESPACE}
    feed = etree.Element(_A + "feed", nsmap=namespaces)
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", language)
    _text(feed, _A + "id", site + FEED_PATH)
    _text(feed, _A + "title", title)
    updated = max((d.message.sent for d in documents), default=now)
    _text(feed, _A + "updated", updated.isoformat())
    etree.SubElement(
        feed, _A + "link", rel="self", type="application/atom+xml", href=site + FEED_PATH
    )
    etree.SubElement(
        feed, _A + "link", rel="alternate", type="text/html", href=f"{site}/{language}/alerts/"
    )
    _text(etree.SubElement(feed, _A + "author"), _A + "name", author)
    for document in documents:
        _entry(feed, document, site, language)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)
