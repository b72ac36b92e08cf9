"""From an article page's HTML to what is kept: main text, title, publication date (trafilatura,
which asks htmldate; htmldate again on the page's date markup when that gave none), the
canonical address and the language. The HTML itself is dropped by the caller right after."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import htmldate
import trafilatura
from trafilatura.settings import Document, use_config

from nigraan.media.ingest.http import Answer
from nigraan.media.ingest.urls import AddressRefused, canonical_address

MIN_TEXT_CHARACTERS = 200  # less is a headline, a gallery or a video page, not an article
HTML_TYPES = {"text/html", "application/xhtml+xml", ""}
EARLIEST_DATE = dt.date(1990, 1, 1)
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")

# trafilatura's own time limit uses signals, which only work in a main thread: the worker and
# Celery run tasks elsewhere. Pages are bounded in size by the fetcher instead.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")


class PageRefused(ValueError):
    """The page gives no article text (the message says why)."""


@dataclass(frozen=True)
class PageText:
    title: str
    text: str
    published: dt.date | None
    canonical_url: str
    language: str


def language_of(text: str) -> str:
    """ "ur" when Urdu script outweighs Latin letters, else "en" (the extractor's own rule)."""
    return "ur" if len(_ARABIC.findall(text)) > len(_LATIN.findall(text)) else "en"


def _decode(answer: Answer) -> str | bytes:
    """Text when the server named a charset it can be read with; else the bytes, for
    trafilatura to detect."""
    if answer.charset:
        try:
            return answer.body.decode(answer.charset, errors="replace")
        except LookupError:
            pass
    return answer.body


def _plausible(day: dt.date | None, today: dt.date) -> dt.date | None:
    if day is None or day < EARLIEST_DATE or day > today + dt.timedelta(days=1):
        return None
    return day


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _without_title_line(text: str, title: str) -> str:
    """trafilatura often keeps the headline as the text's first line; the title is kept apart."""
    first, _, rest = text.partition("\n")
    return rest.strip() if title and first.strip() == title.strip() else text.strip()


def read_page(answer: Answer, today: dt.date) -> PageText:
    if answer.content_type not in HTML_TYPES:
        raise PageRefused(f"not an HTML page ({answer.content_type})")
    html = _decode(answer)
    try:
        document = trafilatura.bare_extraction(
            html,
            url=answer.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            config=_CONFIG,
        )
    except (ValueError, TypeError) as error:  # trafilatura raises little; lxml may
        raise PageRefused(f"the page could not be parsed ({type(error).__name__})") from error
    if not isinstance(document, Document) or not (document.text or "").strip():
        raise PageRefused("no article text found on the page")
    title = " ".join((document.title or "").split())
    text = _without_title_line(document.text or "", title)
    if len(text) < MIN_TEXT_CHARACTERS:
        raise PageRefused(f"too little text to be an article ({len(text)} characters)")
    published = _plausible(_date(document.date), today)
    if published is None:
        # trafilatura asked htmldate with its deep search; ask once more for the page's own
        # date markup alone, in case the deep search found an implausible date.
        found = htmldate.find_date(html, url=answer.url, original_date=True, extensive_search=False)
        published = _plausible(_date(found or None), today)
    try:
        canonical = canonical_address(answer.url, document.url)
    except AddressRefused as refused:
        raise PageRefused(f"the page's address: {refused}") from refused
    return PageText(title, text, published, canonical, language_of(text))
