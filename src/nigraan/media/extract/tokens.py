"""Words of a sentence with their positions, as the slot rules read them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Quotation marks around words ("robbers") are dropped; an apostrophe inside a word is kept.
_QUOTES = re.compile(r"[\"“”‘]|(?<![A-Za-z])[’']|[’'](?![A-Za-z])")
_AGE_SPACED = re.compile(r"\b(\w+)[- ]years?[- ]old\b", re.IGNORECASE)
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+|[\w]+(?:[-'’][\w]+)*|[.,;:!?()\[\]]", re.UNICODE)
PUNCTUATION = frozenset(".,;:!?()[]")


@dataclass(frozen=True)
class Token:
    text: str
    lower: str
    start: int

    @property
    def is_punct(self) -> bool:
        return self.text in PUNCTUATION


def clean(sentence: str) -> str:
    """Quotes removed; "8 year old" and "8-years-old" written as "8-year-old"."""
    text = _QUOTES.sub(" ", sentence)
    return _AGE_SPACED.sub(lambda m: f"{m.group(1)}-year-old", text)


def tokenise(text: str) -> list[Token]:
    return [Token(m.group(), m.group().lower(), m.start()) for m in _TOKEN.finditer(text)]
