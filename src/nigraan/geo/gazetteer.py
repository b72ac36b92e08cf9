"""Place a free-text place name on a district.

Keys for every district: its English and Urdu names (both data sets' spellings), the aliases in
``data/aliases.csv``, and its tehsils' names. A query is normalised, split on commas (and tried as
a whole), stripped of words like "district" or "ضلع", and a province named in it is used as a
hint. Each part is matched exactly, then by a spelling-tolerant skeleton, then by close spelling
(difflib ratio ≥ 0.86). A name that fits several districts equally (such as "Karachi", which
spans six) is never guessed: ``place_district`` returns None and ``candidates`` lists them.
"""

from __future__ import annotations

import csv
import difflib
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from nigraan.geo.normalise import consonant_skeleton, normalise, roman_skeleton, words

DATA = Path(__file__).resolve().parent / "data"

# Province names and common forms → province code (used as hints, never as a district).
PROVINCE_WORDS = {
    "punjab": "PK6",
    "panjab": "PK6",
    "پنجاب": "PK6",
    "sindh": "PK7",
    "sind": "PK7",
    "سندھ": "PK7",
    "سندہ": "PK7",
    "kpk": "PK5",
    "kp": "PK5",
    "nwfp": "PK5",
    "khyber pakhtunkhwa": "PK5",
    "pakhtunkhwa": "PK5",
    "khyber pakhtoonkhwa": "PK5",
    "خیبر پختونخوا": "PK5",
    "خیبر پختونخواہ": "PK5",
    "balochistan": "PK2",
    "baluchistan": "PK2",
    "بلوچستان": "PK2",
    "gilgit baltistan": "PK3",
    "gb": "PK3",
    "گلگت بلتستان": "PK3",
    "azad kashmir": "PK1",
    "ajk": "PK1",
    "azad jammu and kashmir": "PK1",
    "آزاد کشمیر": "PK1",
}

EXACT, SKELETON, CONSONANTS, CLOSE = "exact", "spelling", "consonants", "close spelling"
_SCORES = {EXACT: 1.0, SKELETON: 0.92, CONSONANTS: 0.8}
CLOSE_CUTOFF = 0.86


@dataclass(frozen=True)
class PlaceMatch:
    district_code: str
    district_en: str
    district_ur: str
    province_code: str
    score: float
    how: str  # exact, spelling, consonants, close spelling
    matched: str  # the name or alias it matched
    via_tehsil: bool = False


@dataclass(frozen=True)
class _Key:
    district: str
    name: str
    weight: float  # tehsil names weigh less than district names


class _Index:
    def __init__(self) -> None:
        from nigraan.geo.models import District, Tehsil

        self.districts = {d.code: d for d in District.objects.all()}
        self.exact: dict[str, list[_Key]] = defaultdict(list)
        self.skeleton: dict[str, list[_Key]] = defaultdict(list)
        self.consonants: dict[str, list[_Key]] = defaultdict(list)
        for d in self.districts.values():
            for name in {d.name_en, d.name_ur}:
                self._add(name, d.code, 1.0)
        with open(DATA / "pk_admin_codes.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                self._add(row["District"], row["District_Code"], 1.0)
        with open(DATA / "aliases.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for code in row["district_codes"].split():
                    self._add(row["alias"], code, 1.0)
        for tehsil in Tehsil.objects.all():
            self._add(tehsil.name_en, tehsil.district_id, 0.9)
        self.size = (len(self.districts), Tehsil.objects.count())

    def _add(self, name: str, code: str, weight: float) -> None:
        key_words = words(name)
        if not key_words:
            return
        text = " ".join(key_words)
        key = _Key(code, name, weight)
        self.exact[text].append(key)
        self.skeleton[roman_skeleton(text)].append(key)
        consonants = consonant_skeleton(text)
        if len(consonants) >= 3:
            self.consonants[consonants].append(key)


_lock = threading.Lock()
_index: _Index | None = None


def _current_index() -> _Index:
    global _index
    from nigraan.geo.models import District, Tehsil

    with _lock:
        if _index is None or _index.size != (District.objects.count(), Tehsil.objects.count()):
            _index = _Index()
        return _index


def _parts(text: str) -> tuple[list[str], set[str]]:
    """Candidate phrases from the text, and the provinces it names."""
    provinces: set[str] = set()
    phrases: list[str] = []
    for chunk in [text] + text.split(","):
        chunk_words = words(chunk)
        joined = " ".join(chunk_words)
        for name, code in PROVINCE_WORDS.items():
            if f" {name} " in f" {joined} ":
                provinces.add(code)
                joined = f" {joined} ".replace(f" {name} ", " ").strip()
        chunk_words = joined.split()
        # every run of consecutive words, longest first ("lahore punjab pakistan" → "lahore")
        for length in range(len(chunk_words), 0, -1):
            for start in range(len(chunk_words) - length + 1):
                phrases.append(" ".join(chunk_words[start : start + length]))
    return list(dict.fromkeys(phrases)), provinces  # each phrase once, in first-seen order


def candidates(text: str, limit: int = 5) -> list[PlaceMatch]:
    """Districts the text may name, best first."""
    if not text or not normalise(text) or len(text) > 300:
        return []
    index = _current_index()
    phrases, provinces = _parts(text)
    best: dict[str, PlaceMatch] = {}
    for phrase in phrases:
        for keys, how, score in _phrase_matches(index, phrase):
            for key in keys:
                district = index.districts.get(key.district)
                if district is None:
                    continue
                value = _value(score, key, phrase, district.province_id, provinces)
                current = best.get(district.code)
                if current is None or value > current.score:
                    best[district.code] = PlaceMatch(
                        district.code,
                        district.name_en,
                        district.name_ur,
                        district.province_id,
                        round(value, 4),
                        how,
                        key.name,
                        key.weight < 1.0,
                    )
    ranked = sorted(best.values(), key=lambda m: (-m.score, m.district_code))
    return ranked[:limit]


def _phrase_matches(index: _Index, phrase: str) -> list[tuple[list[_Key], str, float]]:
    """The names a phrase may be, as (keys, how it matched, base score): by the first way that
    finds any (exact words, spelling skeleton, consonants), else by close spellings."""
    if phrase in index.exact:
        return [(index.exact[phrase], EXACT, _SCORES[EXACT])]
    skeleton = roman_skeleton(phrase)
    if skeleton in index.skeleton:
        return [(index.skeleton[skeleton], SKELETON, _SCORES[SKELETON])]
    consonants = consonant_skeleton(phrase)
    if len(consonants) >= 3 and consonants in index.consonants:
        return [(index.consonants[consonants], CONSONANTS, _SCORES[CONSONANTS])]
    if len(skeleton) < 4:
        return []
    close_names = difflib.get_close_matches(
        skeleton, index.skeleton.keys(), n=3, cutoff=CLOSE_CUTOFF
    )
    return [
        (
            index.skeleton[close],
            CLOSE,
            0.75 * difflib.SequenceMatcher(None, skeleton, close).ratio(),
        )
        for close in close_names
    ]


def _value(score: float, key: _Key, phrase: str, province: str, provinces: set[str]) -> float:
    """A match's score: longer phrases a little higher, agreement with a province the text
    names higher, disagreement lower."""
    value = score * key.weight * (0.97 + 0.03 * min(len(phrase.split()), 3) / 3)
    if provinces and province in provinces:
        value += 0.05
    elif provinces:
        value -= 0.1
    return value


def place_district(text: str) -> PlaceMatch | None:
    """The one district the text names, or None when it names none or several equally well."""
    ranked = candidates(text, limit=2)
    if not ranked:
        return None
    if len(ranked) > 1 and ranked[1].score >= ranked[0].score - 0.02:
        return None
    return ranked[0]
