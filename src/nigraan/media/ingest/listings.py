"""What an outlet lists: the entries of an RSS/Atom feed (feedparser) or of a news sitemap
(lxml). An entry that cannot be an article (no link, a link that is not a web address) is kept
with its problem, so the run can set it aside with the reason instead of stopping."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import feedparser
from django.conf import settings
from lxml import etree

from nigraan.media.ingest.urls import AddressRefused, clean_address

MAX_ENTRIES = 200  # a listing longer than this is an archive, not today's news
SITEMAP_MAX_AGE_DAYS = 14  # a sitemap's dated entries older than this are not queued
MAX_CHILD_SITEMAPS = 3
_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
_NEWS_NS = "{http://www.google.com/schemas/sitemap-news/0.9}"


class ListingRefused(ValueError):
    """The answer is not a feed or sitemap at all (the message says what it is)."""


@dataclass(frozen=True)
class Entry:
    link: str  # the cleaned address, or "" when the entry has none usable
    title: str
    published: dt.date | None
    identity: str  # what makes the entry itself unique when it has no link
    problem: str = ""

    @property
    def key_source(self) -> str:
        return self.link or f"entry:{self.identity}"


@dataclass(frozen=True)
class Listing:
    entries: list[Entry]
    child_sitemaps: list[str]


def _local_date(parsed: time.struct_time | None) -> dt.date | None:
    if not parsed:
        return None
    try:
        moment = dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def _entry(raw: feedparser.FeedParserDict, feed: str) -> Entry:
    title = " ".join(str(raw.get("title", "")).split())
    published = _local_date(raw.get("published_parsed") or raw.get("updated_parsed"))
    identity = hashlib.sha256(
        f"{feed}\n{raw.get('id', '')}\n{title}\n{raw.get('published', '')}".encode()
    ).hexdigest()
    try:
        link = clean_address(str(raw.get("link", "")), base=feed)
    except AddressRefused as refused:
        return Entry("", title, published, identity, f"feed entry: {refused}")
    return Entry(link, title, published, identity)


def read_feed(body: bytes, address: str) -> Listing:
    """The entries of an RSS or Atom feed, in the order the feed gives them."""
    parsed = feedparser.parse(body, response_headers={"content-location": address})
    if not parsed.entries and (parsed.bozo or not parsed.version):
        why = type(parsed.get("bozo_exception")).__name__ if parsed.bozo else "no feed elements"
        raise ListingRefused(f"not an RSS or Atom feed ({why})")
    return Listing([_entry(raw, address) for raw in parsed.entries[:MAX_ENTRIES]], [])


def _text(node: etree._Element, path: str) -> str:
    found = node.find(path)
    return " ".join((found.text or "").split()) if found is not None else ""


def _sitemap_date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def read_sitemap(body: bytes, address: str, today: dt.date) -> Listing:
    """The recent articles of a (news) sitemap, or the child sitemaps of a sitemap index."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:
        raise ListingRefused(f"not a sitemap (XML error: {error.msg})") from error
    if root.tag == f"{_SITEMAP_NS}sitemapindex":
        children = sorted(
            root.findall(f"{_SITEMAP_NS}sitemap"),
            key=lambda child: _text(child, f"{_SITEMAP_NS}lastmod"),
            reverse=True,
        )
        return Listing([], [_text(c, f"{_SITEMAP_NS}loc") for c in children][:MAX_CHILD_SITEMAPS])
    if root.tag != f"{_SITEMAP_NS}urlset":
        raise ListingRefused(f"not a sitemap (its root is {etree.QName(root).localname})")
    entries = []
    oldest = today - dt.timedelta(days=SITEMAP_MAX_AGE_DAYS)
    for node in root.findall(f"{_SITEMAP_NS}url"):
        news = node.find(f"{_NEWS_NS}news")
        stated = _text(news, f"{_NEWS_NS}publication_date") if news is not None else ""
        published = _sitemap_date(stated or _text(node, f"{_SITEMAP_NS}lastmod"))
        if published and published < oldest:
            continue
        title = _text(news, f"{_NEWS_NS}title") if news is not None else ""
        raw = {"link": _text(node, f"{_SITEMAP_NS}loc"), "title": title, "id": stated}
        entry = _entry(feedparser.FeedParserDict(raw), address)
        entries.append(Entry(entry.link, entry.title, published, entry.identity, entry.problem))
        if len(entries) >= MAX_ENTRIES:
            break
    return Listing(entries, [])
