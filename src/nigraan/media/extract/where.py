"""Where the offence happened: city, district and province, by the labelling guide's rules.

Every place name in the incident's sentences is found with the geography index
(``nigraan.geo.places``) and given a role from the words around it: an explicit district ("in
Chakwal district"), the district's police ("Narowal police"), a police station, the area or town of
the offence, or a place that only the arrest, a hospital, a court or a road is tied to ("arrested
from Faisalabad", "Lahore-Sialkot motorway"), which never places the offence. Villages the
geography does not know are read from the text ("at village Raman Shar").

The district is given only when the text states it or the city is a district headquarters of the
same name (the guide's rule); ``district_code`` also carries the district the geography infers from
a town, for maps. ``precision`` follows ACLED: 1 a town is known, 2 only the district, 3 only the
province.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nigraan.geo import places as geo
from nigraan.media.extract.where_context import CONTEXTS, Context

NEGATIVE, DISTRICT_EXPLICIT, DISTRICT_POLICE, STATION = "neg", "district", "police", "station"
AREA, AREA_PARENT, CITY_EXPLICIT, POSSESSIVE = "area", "area_parent", "city", "possessive"
IN_PLACE, PLAIN, DATELINE = "in", "plain", "dateline"
_CITY_ROLES = frozenset({STATION, AREA_PARENT, CITY_EXPLICIT, POSSESSIVE, IN_PLACE, PLAIN})


@dataclass(frozen=True)
class Location:
    city: str | None = None
    district: str | None = None
    province: str | None = None
    district_code: str | None = None
    precision: int | None = None


@dataclass(frozen=True)
class _Seen:
    role: str
    place: geo.Place | None  # None for a village the geography does not know
    name: str
    order: int


def _role(ctx: Context, text: str, start: int, end: int, place_kind: str) -> str:
    before, after = text[max(0, start - 50) : start], text[end : end + 45]
    if ctx.abducted_from.search(before):
        return IN_PLACE
    if ctx.negative_before.search(before) or ctx.negative_after.search(after):
        return NEGATIVE
    checks = [
        (ctx.district_after.search(after) or ctx.district_before.search(before), DISTRICT_EXPLICIT),
        (ctx.station_after.search(after) or ctx.station_before.search(before), STATION),
        (ctx.police_after.search(after) or ctx.police_before.search(before), DISTRICT_POLICE),
        (ctx.area_after.search(after), AREA),
        (ctx.area_of_before.search(before), AREA_PARENT),
        (ctx.city_after.search(after) or ctx.city_before.search(before), CITY_EXPLICIT),
        (ctx.possessive_after.search(after), POSSESSIVE),
        (ctx.in_before.search(before), IN_PLACE),
    ]
    for matched, role in checks:
        if matched:
            if role == DISTRICT_POLICE and place_kind == geo.PROVINCE:
                return NEGATIVE  # "Punjab police": an institution, not a place
            return role
    return PLAIN


def _choose(places: tuple[geo.Place, ...], role: str, context: set[str]) -> geo.Place | None:
    """One meaning for a name: the one whose district or province the article also names,
    else a district before a town before a neighbourhood."""
    usable = [p for p in places if p.kind != geo.COMMON or role == DISTRICT_EXPLICIT]
    if not usable:
        return None
    order = {geo.DISTRICT: 0, geo.REGION: 1, geo.TOWN: 2, geo.NEIGHBOURHOOD: 3, geo.COMMON: 4}

    def rank(place: geo.Place) -> tuple[int, int]:
        named = place.district_code in context or place.province_code in context
        return (0 if named else 1, order.get(place.kind, 5))

    return min(usable, key=rank)


def _province_statement(ctx: Context, text: str, start: int, end: int) -> bool:
    after = text[end : end + 30]
    return not ctx.institution_after.search(after)


@dataclass
class _Evidence:
    seen: list[_Seen]
    provinces: list[str]
    dateline: geo.Place | None
    unnamed_place: bool


def _collect(sentences: list[tuple[str, bool]], language: str, dateline: str | None) -> _Evidence:
    ctx = CONTEXTS[language]
    index = geo.place_index()
    raw: list[tuple[str, geo.PlaceMention, str]] = []
    villages: list[_Seen] = []
    unnamed = False
    for order, (text, is_title) in enumerate(sentences):
        capital = language == "en" and not is_title
        for mention in index.scan(text, require_capital=capital):
            kind = mention.places[0].kind
            raw.append((_role(ctx, text, mention.start, mention.end, kind), mention, text))
        for name in ctx.villages(text):
            known = index.lookup(name)
            town = next((p for p in known if p.kind == geo.TOWN), None)
            villages.append(_Seen(IN_PLACE, town, name, order))
        unnamed = unnamed or (order <= 1 and bool(ctx.unnamed_place.search(text)))
    context = {
        code
        for role, mention, _ in raw
        if role != NEGATIVE
        for p in mention.places
        for code in (p.district_code, p.province_code)
        if code and len(mention.places) == 1
    }
    seen = list(villages)
    provinces = []
    for order, (role, mention, text) in enumerate(raw):
        place = _choose(mention.places, role, context)
        if place is None:
            continue
        if place.kind == geo.PROVINCE:
            if role != NEGATIVE and _province_statement(ctx, text, mention.start, mention.end):
                provinces.append(place.province_code or "")
            continue
        seen.append(_Seen(role, place, mention.surface, order))
    dateline_place = None
    if dateline:
        found = [p for p in index.lookup(dateline) if p.kind != geo.PROVINCE]
        dateline_place = _choose(tuple(found), PLAIN, context) if found else None
    return _Evidence(seen, provinces, dateline_place, unnamed)


def _is_hq(place: geo.Place | None) -> bool:
    return place is not None and place.kind == geo.DISTRICT and place.city is not None


def _district(evidence: _Evidence) -> geo.Place | None:
    ranked: list[tuple[int, int, geo.Place]] = []
    for seen in evidence.seen:
        place = seen.place
        if place is None or place.district_code is None or seen.role == NEGATIVE:
            continue
        if seen.role == DISTRICT_EXPLICIT and place.kind in {geo.DISTRICT, geo.REGION, geo.COMMON}:
            ranked.append((0, seen.order, place))
        elif seen.role == DISTRICT_POLICE and place.kind in {geo.DISTRICT, geo.REGION}:
            ranked.append((1, seen.order, place))
        elif place.kind == geo.REGION:
            ranked.append((2, seen.order, place))
        elif _is_hq(place) and seen.role in _CITY_ROLES:
            ranked.append((3, seen.order, place))
    return min(ranked, key=lambda r: (r[0], r[1]))[2] if ranked else None


def _city(evidence: _Evidence, district: geo.Place | None) -> tuple[str, geo.Place | None] | None:
    code = district.district_code if district else None
    ranked: list[tuple[int, int, str, geo.Place | None]] = []
    for seen in evidence.seen:
        place = seen.place
        if seen.role == NEGATIVE:
            continue
        if place is not None and code and place.district_code not in {None, code}:
            continue
        if place is None:
            ranked.append((0, seen.order, seen.name, None))
        elif place.kind == geo.TOWN and seen.role not in {DISTRICT_EXPLICIT, DISTRICT_POLICE, AREA}:
            # "the Badaber area of Peshawar district": an area maps to its parent city
            ranked.append((1, seen.order, place.city or seen.name, place))
        elif place.kind == geo.NEIGHBOURHOOD and place.city:
            ranked.append((2, seen.order, place.city, place))
        elif _is_hq(place) and seen.role in _CITY_ROLES:
            ranked.append((3, seen.order, place.city or seen.name, place))
    if ranked:
        best = min(ranked, key=lambda r: (r[0], r[1]))
        return best[2], best[3]
    return None


def _dateline_city(evidence: _Evidence, district: geo.Place | None) -> geo.Place | None:
    place = evidence.dateline
    if place is None or evidence.unnamed_place or place.city is None:
        return None
    if district is not None and place.district_code != district.district_code:
        return None
    return place


def locate(sentences: list[tuple[str, bool]], language: str, dateline: str | None) -> Location:
    """The place of the offence from (sentence, is_title) pairs; ``dateline`` only for the
    article's main incident, and only when it is not a wire agency's."""
    evidence = _collect(sentences, language, dateline)
    district = _district(evidence)
    chosen = _city(evidence, district)
    city_place: geo.Place | None = None
    city: str | None = None
    if chosen:
        city, city_place = chosen
    elif (from_dateline := _dateline_city(evidence, district)) is not None:
        city, city_place = from_dateline.city, from_dateline
    if district is None and city_place is not None:
        same_name = [p for p in geo.place_index().lookup(city or "") if _is_hq(p)]
        district = same_name[0] if same_name else None
    dateline_place = _dateline_city(evidence, None)
    consistent = dateline_place is not None and (
        city_place is None or city_place.district_code in {None, dateline_place.district_code}
    )
    if district is None and _is_hq(dateline_place) and consistent:
        district = dateline_place  # "SHIKARPUR: police here ..." and a village in it
    province_code = district.province_code if district else None
    province_code = province_code or (evidence.provinces[0] if evidence.provinces else None)
    province_code = province_code or (city_place.province_code if city_place else None)
    district_code = district or city_place or geo.Place("", "", None, None, None, None)
    code = district_code.district_code
    precision = 1 if city else 2 if code else 3 if province_code else None
    return Location(
        city=_tidy(city),
        district=district.district_name if district else None,
        province=geo.PROVINCE_NAMES.get(province_code or ""),
        district_code=code,
        precision=precision,
    )


def _tidy(name: str | None) -> str | None:
    return re.sub(r"\s+", " ", name).strip() if name else None
