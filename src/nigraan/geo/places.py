"""Find place names in running text, without the database.

The gazetteer (``gazetteer.py``) places a short free-text answer on a district through the
database. Press articles need something else: every place named anywhere in a page, fast, with
what kind of place it is (a district, a town, a neighbourhood of a city), so that the extractor can
choose the place of the offence. This index is built from the same data files the database is
loaded from (``pk_divisions.csv``, ``pk_admin_codes.csv``, ``aliases.csv``) plus ``places.csv``,
Nigraan's own list of towns and city neighbourhoods that are not tehsils, of district names that
are regions rather than towns, and of names that are also common words.

Matching is exact on normalised words, then on the spelling skeleton of ``normalise.py`` (Qila =
Killa, Mirpurkhas = Mirpur Khas), longest name first, at most five words.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from nigraan.geo.gazetteer import DATA, PROVINCE_WORDS
from nigraan.geo.normalise import normalise, roman_skeleton

PROVINCE_NAMES = {
    "PK1": "Azad Jammu and Kashmir",
    "PK2": "Balochistan",
    "PK3": "Gilgit-Baltistan",
    "PK4": "Islamabad Capital Territory",
    "PK5": "Khyber Pakhtunkhwa",
    "PK6": "Punjab",
    "PK7": "Sindh",
}
EXTRA_PROVINCE_WORDS = {
    "islamabad capital territory": "PK4",
    "gilgit-baltistan": "PK3",
    "gilgit baltistan": "PK3",
    "azad jammu and kashmir": "PK1",
    "azad jammu kashmir": "PK1",
    "ajk": "PK1",
    "khyber pakhtunkhwa": "PK5",
    "اسلام آباد": "PK4",
}
# A district in the data is written with its kind in front ("ضلع بھمبر") or a note after it.
_URDU_DISTRICT_NOISE = re.compile(r"^ضلع\s+|\s*\(.*?\)\s*|،.*$")
# "Lahore City", "Multan Saddar", "D.G Khan (Tribal Area)" name their town; "Saddar Town" is kept.
_TEHSIL_NOISE = re.compile(r"\s*\(tribal area\)|\s+(?:city|saddar|sadar|cantt)$", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)
_JOINER = re.compile(r"^[\s.\-'’]*$")
MAX_WORDS = 5

DISTRICT, TOWN, NEIGHBOURHOOD, REGION, COMMON, PROVINCE = (
    "district",
    "town",
    "neighbourhood",
    "region",
    "common",
    "province",
)
# ACLED-style location precision: 1 = a town or village is known, 2 = only the district (or a
# part of a region), 3 = only the province.
PRECISION_TOWN, PRECISION_DISTRICT, PRECISION_PROVINCE = 1, 2, 3


@dataclass(frozen=True)
class Place:
    """One thing a name can mean: a district, a town, a neighbourhood, a province."""

    name: str
    kind: str
    city: str | None  # the town this name places the text in (None for regions, provinces)
    district_code: str | None
    district_name: str | None
    province_code: str | None

    @property
    def province_name(self) -> str | None:
        return PROVINCE_NAMES.get(self.province_code or "")


@dataclass(frozen=True)
class PlaceMention:
    """A place name found in a text: where, as written, and every place it can mean."""

    start: int
    end: int
    surface: str
    places: tuple[Place, ...]


class PlaceIndex:
    def __init__(self) -> None:
        self.exact: dict[str, list[Place]] = defaultdict(list)
        self.skeleton: dict[str, list[Place]] = defaultdict(list)
        self.district_names: dict[str, str] = {}
        self.district_province: dict[str, str] = {}
        self._load()
        # Cheap first checks before normalising a phrase: its first word starts some name, or
        # its spelling skeleton starts like some name's.
        self.first_words = {key.split()[0] for key in self.exact}
        self.skeleton_starts = {key[:3] for key in self.skeleton}
        # Caches of this index's own answers (per instance: a new index starts empty).
        self._cached_lookup = lru_cache(maxsize=20_000)(self._lookup)
        self._cached_scan = lru_cache(maxsize=4_096)(self._scan)

    # -- building -----------------------------------------------------------------------------
    def _add(self, name: str, place: Place) -> None:
        key = normalise(name)
        if not key or place in self.exact[key]:
            return
        self.exact[key].append(place)
        skeleton = roman_skeleton(key)
        if len(skeleton) >= 4 and place not in self.skeleton[skeleton]:
            self.skeleton[skeleton].append(place)

    def _district(self, code: str, kind: str = DISTRICT, city: str | None = None) -> Place:
        return Place(
            name=city or self.district_names[code],
            kind=kind,
            city=city,
            district_code=code,
            district_name=self.district_names[code],
            province_code=self.district_province[code],
        )

    def district(self, code: str) -> Place | None:
        """The district with this code, or None."""
        return self._district(code) if code in self.district_names else None

    def _load(self) -> None:
        with open(DATA / "pk_divisions.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        districts = [row for row in rows if row["level"] == "2"]
        for row in districts:
            self.district_names[row["id"]] = row["name.en"]
            self.district_province[row["id"]] = row["parent.id"]
        curated = self._curated()
        region_names = {normalise(name) for name, kind, _, _ in curated if kind == REGION}
        commons = {normalise(name) for name, kind, _, _ in curated if kind == COMMON}
        for row in districts:
            self._add_district_name(row["name.en"], row["id"], region_names)
            urdu = _URDU_DISTRICT_NOISE.sub("", row["name.local"]).strip()
            self._add_district_name(urdu, row["id"], region_names)
        self._load_tehsils(region_names, commons | region_names)
        with open(DATA / "aliases.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                codes = row["district_codes"].split()
                if len(codes) == 1:
                    self._add_district_name(row["alias"], codes[0], region_names)
        for name, kind, city, code in curated:
            if kind == DISTRICT:
                self._add_district_name(name, code, region_names)
            else:
                self._add_curated(name, kind, city, code)
        for words, code in {**PROVINCE_WORDS, **EXTRA_PROVINCE_WORDS}.items():
            self._add(words, Place(PROVINCE_NAMES[code], PROVINCE, None, None, None, code))
        for code, name in PROVINCE_NAMES.items():
            self._add(name, Place(name, PROVINCE, None, None, None, code))

    def _load_tehsils(self, region_names: set[str], not_towns: set[str]) -> None:
        """Each tehsil's name places its town (the data's other district spellings too)."""
        with open(DATA / "pk_admin_codes.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row["District_Code"]
                self._add_district_name(row["District"], code, region_names)
                tehsil = _TEHSIL_NOISE.sub("", row["Tehsil"]).strip()
                if tehsil and normalise(tehsil) not in not_towns:
                    self._add(tehsil, self._district(code, TOWN, tehsil))

    def _add_district_name(self, name: str, code: str, region_names: set[str]) -> None:
        """A district's name places its town of the same name, unless the name is a region's."""
        if not name:
            return
        if normalise(name) in region_names:
            self._add(name, self._district(code, REGION, None))
        else:
            self._add(name, self._district(code, DISTRICT, self.district_names[code]))

    @staticmethod
    def _curated() -> list[tuple[str, str, str, str]]:
        with open(DATA / "places.csv", encoding="utf-8", newline="") as handle:
            rows = [r for r in csv.DictReader(handle) if not r["name"].startswith("#")]
        return [(r["name"], r["kind"], r["city"], r["district_code"]) for r in rows]

    def _add_curated(self, name: str, kind: str, city: str, code: str) -> None:
        if kind in {REGION, COMMON}:
            if code:
                self._add(name, self._district(code, kind, None))
            return
        if code:
            self._add(name, self._district(code, kind, city or name))
            return
        province = "PK7" if normalise(city) in {"karachi", "کراچی"} else None
        self._add(name, Place(name, kind, city or name, None, None, province))

    # -- lookup -------------------------------------------------------------------------------
    def lookup(self, name: str) -> tuple[Place, ...]:
        """Every place ``name`` can mean (exact words first, then the spelling skeleton)."""
        return self._cached_lookup(name)

    def _lookup(self, name: str) -> tuple[Place, ...]:
        key = normalise(name)
        found = self.exact.get(key) or self.skeleton.get(roman_skeleton(key)) or []
        return tuple(found)

    def scan(self, text: str, require_capital: bool = True) -> tuple[PlaceMention, ...]:
        """Every place name in ``text``, longest first, left to right.

        With ``require_capital`` (English prose) a name must start with a capital letter, so the
        common words among place names ("tank", "bagh") are not taken for places.
        """
        return self._cached_scan(text, require_capital)

    def clear_caches(self) -> None:
        """Forget cached answers (benchmarks measure the work, not the cache)."""
        self._cached_lookup.cache_clear()
        self._cached_scan.cache_clear()

    def _scan(self, text: str, require_capital: bool = True) -> tuple[PlaceMention, ...]:
        tokens = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        mentions: list[PlaceMention] = []
        i = 0
        while i < len(tokens):
            found = self._longest_at(text, tokens, i, require_capital)
            if found is None:
                i += 1
                continue
            length, places = found
            start, end = tokens[i][0], tokens[i + length - 1][1]
            mentions.append(PlaceMention(start, end, text[start:end], places))
            i += length
        return tuple(mentions)

    def _longest_at(
        self, text: str, tokens: list[tuple[int, int, str]], i: int, require_capital: bool
    ) -> tuple[int, tuple[Place, ...]] | None:
        first = tokens[i][2]
        if require_capital and first.isascii() and not first[0].isupper():
            return None
        lowered = first.lower()
        if lowered not in self.first_words and _skeleton_start(lowered) not in self.skeleton_starts:
            return None
        longest = 1
        while longest < min(MAX_WORDS, len(tokens) - i) and _JOINER.match(
            text[tokens[i + longest - 1][1] : tokens[i + longest][0]]
        ):
            longest += 1  # a name never runs across a comma or other punctuation
        for length in range(longest, 0, -1):
            last = tokens[i + length - 1]
            if require_capital and last[2].isascii() and not last[2][0].isupper():
                continue
            phrase = text[tokens[i][0] : last[1]]
            places = self.lookup(phrase)
            if places:
                return length, places
        return None


@lru_cache(maxsize=16_384)
def _skeleton_start(word: str) -> str:
    return roman_skeleton(word)[:3]


@cache
def place_index() -> PlaceIndex:
    """The index, built once per process (about 2,500 names; a few milliseconds)."""
    return PlaceIndex()


def province_code_of(province: str, district_code: str = "") -> str | None:
    """A province's code from its name as the extractor writes it ("Punjab" → "PK6"), or from a
    district's code when the name is missing; None when neither places it."""
    if district_code:
        code = place_index().district_province.get(district_code)
        if code:
            return code
    wanted = province.strip().casefold()
    for code, name in PROVINCE_NAMES.items():
        if name.casefold() == wanted:
            return code
    return None
