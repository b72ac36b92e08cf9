"""An article as the extractor sees it: its source line, title, body sentences, the date the text
itself carries, and its dateline.

Line 1 of a stored article is its URL or its title; the rest is the page text with its debris.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse

from nigraan.media.extract.calendar import parse_date_phrase
from nigraan.media.extract.words import words

_DATE_LINE = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b\s*")
_PUBLISHED = re.compile(
    r"\b(?:Published|Posted|Updated|Last Updated)\b(?:\s+(?:in|on)\s+[^,\n]{1,40},)?\s*:?\s*"
    r"(?:[A-Z][a-z]+day,?\s+)?(?P<date>[^\n|]{6,40})",
)
_STANDALONE_DATE = re.compile(
    r"^\s*(?:[A-Z][a-z]+day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+[A-Z][a-z]{2,8},?\s+\d{4}|"
    r"[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\s*$"
)
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})/(?P<m>\d{1,2})/(?:(?P<d>\d{1,2})/)?|"
    r"/(?P<d2>\d{1,2})-(?P<mon>[A-Za-z]{3})-(?P<y2>(?:19|20)\d{2})/"
)
_URL_ID_WORD = re.compile(r"^(?=.*\d)[a-z0-9]{6,}$")
# "CHAKWAL:", "SHIKARPUR -", "KARACHI (Web Desk) –", "Lahore, Nov 20 (PTI)", "Karachi:",
# "Islamabad [Pakistan], June 2 :", and the Urdu "قصور (نمائندہ خصوصی)" / "لاہور:".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{2,30}?|[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})"
    r"(?:\s*\[[A-Za-z ]+\])?(?:,\s*[A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?P<wire>\([^)]{1,30}\))?"
    r"\s*(?:[:–—]|-\s|(?<=\))\s)\s*"
)
_URDU_DATELINE = re.compile(r"^(?P<place>[\u0600-\u06ff ]{2,30}?)\s*(?:\([^)]{1,40}\))?\s*[:؛]\s*")
_URDU_DATELINE_AGENCY = re.compile(
    r"^(?P<place>[\u0600-\u06ff ]{2,30}?)\s*(?P<wire>\([^)]{1,40}\))"
)
_WIRE_AGENCIES = re.compile(r"\b(?:PTI|IANS|ANI|AFP|Reuters|AP|UNI)\b")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_LATIN = re.compile(r"[A-Za-z]")
_ABBREVIATIONS = words(
    "mr mrs ms dr prof st no nos retd capt col gen lt maj sgt insp supt rs vs etc jr sr "
    "co ltd inc govt dept jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m i.e "
    "e.g"
)
_SENTENCE_END = re.compile(r"[.!?۔؟]+[\"'”’)]*(?=\s+|$)")
_TERMINAL = re.compile(r"[.!?۔؟:\"'”’)]\s*$")


@dataclass
class Sentence:
    text: str
    index: int
    paragraph: int
    is_title: bool = False
    is_heading: bool = False  # a short line without a full stop: a page or section heading
    in_body: bool = False  # after the first real paragraph of the story
    story: int = 0


@dataclass
class Article:
    id: str
    source: str
    url: str | None
    title: str | None
    language: str  # "en" or "ur"
    published: dt.date | None  # the article's date as its own text states it
    seen_date: dt.date | None  # any date the page or URL shows (for grouping duplicates only)
    dateline: str | None
    dateline_is_wire: bool
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        return " ".join(s.text for s in self.sentences if not s.is_title)


def _slug_title(url: str) -> str | None:
    path = unquote(urlparse(url).path)
    segments = [s for s in path.split("/") if s]
    best = max(segments, key=lambda s: s.count("-"), default="")
    if best.count("-") < 2:
        return None
    best = re.sub(r"\.(html?|php|aspx?)$", "", best)
    best = re.sub(r"\.\d+$", "", best)
    words = [w for w in best.split("-") if w and not _URL_ID_WORD.match(w.lower())]
    return " ".join(words) or None


def _url_date(url: str) -> dt.date | None:
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        if match.group("y"):
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"] or 1))
        return parse_date_phrase(f"{match['d2']} {match['mon']} {match['y2']}")
    except ValueError:
        return None


def _published(body: str) -> tuple[dt.date | None, dt.date | None]:
    """(the date the text carries, the earliest date line on the page)."""
    match = _DATE_LINE.match(body)
    if match:
        return dt.date(int(match[1]), int(match[2]), int(match[3])), None
    for found in _PUBLISHED.finditer(body):
        day = parse_date_phrase(found["date"])
        if day:
            return day, None
    standalone = [
        day
        for line in body.splitlines()[:12]
        if _STANDALONE_DATE.match(line) and (day := parse_date_phrase(line))
    ]
    return (min(standalone), None) if standalone else (None, None)


def _dateline(paragraphs: list[str], language: str) -> tuple[str | None, bool]:
    """The dateline's place, and whether a wire agency's; the dateline is cut from its
    paragraph (it is where the story was filed, not a word of the story)."""
    for number, paragraph in enumerate(paragraphs[:8]):
        if language == "ur":
            match = _URDU_DATELINE.match(paragraph) or _URDU_DATELINE_AGENCY.match(paragraph)
        else:
            match = _DATELINE.match(paragraph)
        if match and len(paragraph) > 80:
            wire = match.groupdict().get("wire") or ""
            is_wire = bool(_WIRE_AGENCIES.search(wire)) or "[" in match.group(0)
            paragraphs[number] = paragraph[match.end() :]
            return match["place"].strip(), is_wire
    return None, False


def _split_sentences(paragraph: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        before = paragraph[start : match.start()].split()
        last_word = before[-1].lower().strip("(\"'“") if before else ""
        if match.group().startswith(".") and (
            last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())
        ):
            continue
        following = paragraph[end:].lstrip()[:1]
        if following and following.islower():
            continue
        sentences.append(paragraph[start:end].strip())
        start = end
    if paragraph[start:].strip():
        sentences.append(paragraph[start:].strip())
    return [s for s in sentences if s]


def _is_heading(paragraph: str) -> bool:
    return len(paragraph.split()) <= 16 and not _TERMINAL.search(paragraph)


def parse_article(article_id: str, text: str, title: str | None = None) -> Article:
    """``title``: the page's own headline, when known (ingest); else the title comes from line 1
    (a title, or the URL's slug)."""
    lines = text.split("\n")
    source = lines[0].strip() if lines else ""
    body = "\n".join(lines[1:])
    is_url = bool(re.match(r"^https?://", source))
    title = title or (_slug_title(source) if is_url else (source or None))
    language = "ur" if len(_ARABIC.findall(body)) > len(_LATIN.findall(body)) else "en"
    published, _ = _published(body)
    body = _DATE_LINE.sub("", body, count=1)
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    dateline, wire = _dateline(paragraphs, language)
    seen = published or (_url_date(source) if is_url else None)
    article = Article(
        article_id,
        source,
        source if is_url else None,
        title,
        language,
        published,
        seen,
        dateline,
        wire,
    )
    if title:
        article.sentences.append(Sentence(title, 0, -1, is_title=True))
    in_body = False
    for number, paragraph in enumerate(paragraphs):
        heading = _is_heading(paragraph)
        in_body = in_body or (not heading and len(paragraph.split()) > 16)
        pieces = [paragraph] if heading else _split_sentences(paragraph)
        for piece in pieces:
            article.sentences.append(
                Sentence(
                    piece,
                    len(article.sentences),
                    number,
                    is_heading=heading,
                    in_body=in_body,
                )
            )
    return article
