"""Press figures (issue 13 item 5): tables of the press incidents reviewers confirmed, in the
manner of Sahil's *Cruel Numbers* (offence, victims by gender and age band, province, top
districts, relation of the accused, police action), each area beside the cases Nigraan itself
opened there in the same year. Counted from the incidents as reviewed (a reviewer's correction
wins), by the year the press first reported them, as Cruel Numbers does. Staff figures for the
reader's own places: no disclosure control (docs/media.md, "Press figures")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from nigraan.cases.models import Case
from nigraan.geo.models import District, Province
from nigraan.geo.places import PROVINCE_NAMES
from nigraan.media.models import Incident

TOP_DISTRICTS = 10
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0–5", 0, 5),
    ("6–10", 6, 10),
    ("11–15", 11, 15),
    ("16–18", 16, 18),
)
UNKNOWN = "unknown"
WORDS: dict[str, Promise] = {
    "murder_after_sexual_assault": _("Murder after sexual assault"),
    "gang_rape": _("Gang rape"),
    "rape": _("Rape"),
    "sodomy": _("Sodomy"),
    "attempted_rape": _("Attempted rape"),
    "pornography_blackmail": _("Pornography or blackmail"),
    "sexual_assault": _("Sexual assault"),
    "harassment": _("Harassment"),
    "abduction": _("Abduction"),
    "child_marriage": _("Child marriage"),
    "female": _("Girls and women"),
    "male": _("Boys and men"),
    "family": _("Family"),
    "neighbour": _("Neighbour"),
    "acquaintance": _("Acquaintance"),
    "teacher_or_cleric": _("Teacher or cleric"),
    "employer": _("Employer"),
    "police_or_official": _("Police or an official"),
    "stranger": _("Stranger"),
    "arrested": _("Accused arrested"),
    "fir_registered": _("FIR registered"),
    "refused_or_delayed": _("FIR refused or delayed"),
    "none_reported": _("No police action reported"),
    UNKNOWN: _("Not known"),
    "": _("Not known"),
}


@dataclass(frozen=True)
class Row:
    label: str | Promise
    press: int
    cases: int | None = None  # Nigraan's own cases in the same area and year, where it applies


@dataclass(frozen=True)
class Table:
    key: str
    title: Promise
    counts: Promise  # what a number in the "press" column counts
    rows: list[Row]


@dataclass(frozen=True)
class PressFigures:
    year: int
    confirmed: int
    awaiting_review: int
    tables: list[Table]


def word(code: str) -> str | Promise:
    return WORDS.get(code, code)


def age_band(age: object) -> str:
    if isinstance(age, int) and not isinstance(age, bool):
        for label, low, high in AGE_BANDS:
            if low <= age <= high:
                return label
    return UNKNOWN


def _victims(incidents: Iterable[Incident]) -> tuple[Counter[str], Counter[str]]:
    """Victims by gender and by age band; a victim the press gave no gender or age counts as
    not known (an incident of unknown size counts one victim)."""
    genders: Counter[str] = Counter()
    ages: Counter[str] = Counter()
    for incident in incidents:
        size = max(incident.victims or 1, len(incident.victim_genders), len(incident.victim_ages))
        given = [g if g in ("female", "male") else UNKNOWN for g in incident.victim_genders]
        genders.update(given + [UNKNOWN] * (size - len(given)))
        banded = [age_band(a) for a in incident.victim_ages]
        ages.update(banded + [UNKNOWN] * (size - len(banded)))
    return genders, ages


def _rows(counter: Counter[str], order: Iterable[str] | None = None) -> list[Row]:
    keys = list(order) if order is not None else [k for k, _n in counter.most_common()]
    keys += [k for k in counter if k not in keys]
    return [Row(word(k), counter[k]) for k in keys if counter[k] or k != UNKNOWN]


def _area_tables(incidents: list[Incident], cases: Q, year: int) -> list[Table]:
    opened = Case.objects.filter(cases, opened_at__year=year)
    by_province = dict(opened.values_list("province_id").annotate(n=Count("id")))
    by_district = dict(opened.values_list("district_id").annotate(n=Count("id")))
    code_of = {name: code for code, name in PROVINCE_NAMES.items()}
    urdu = translation.get_language() == "ur"
    province_ur = dict(Province.objects.values_list("name_en", "name_ur")) if urdu else {}
    district_ur = dict(District.objects.values_list("code", "name_ur")) if urdu else {}
    provinces = Counter(i.province or UNKNOWN for i in incidents)
    districts = Counter(i.district_code for i in incidents if i.district_code)
    district_names = {i.district_code: i.district for i in incidents if i.district_code}
    return [
        Table(
            "province",
            _("By province"),
            _("incidents"),
            [
                Row(
                    province_ur.get(name) or word(name),
                    n,
                    by_province.get(code_of[name], 0) if name in code_of else None,
                )
                for name, n in provinces.most_common()
            ],
        ),
        Table(
            "districts",
            _("Top districts"),
            _("incidents"),
            [
                Row(
                    district_ur.get(code) or district_names.get(code) or code,
                    n,
                    by_district.get(code, 0),
                )
                for code, n in districts.most_common(TOP_DISTRICTS)
            ],
        ),
    ]


def press_figures(incidents: Q, cases: Q, year: int) -> PressFigures:
    """The tables for ``year`` over the incidents ``incidents`` selects (the reader's places),
    beside the cases ``cases`` selects (the same places)."""
    in_year = Incident.objects.filter(incidents, first_reported_on__year=year)
    confirmed = list(in_year.filter(status="confirmed").order_by("pk"))
    awaiting = in_year.filter(status__in=("new", "needs_review")).count()
    genders, ages = _victims(confirmed)
    tables = [
        Table(
            "offence",
            _("By offence"),
            _("incidents"),
            _rows(Counter(i.offence or UNKNOWN for i in confirmed)),
        ),
        Table("gender", _("Victims by gender"), _("victims"), _rows(genders, ("female", "male"))),
        Table(
            "age",
            _("Victims by age"),
            _("victims"),
            _rows(ages, [label for label, _low, _high in AGE_BANDS]),
        ),
        *_area_tables(confirmed, cases, year),
        Table(
            "relation",
            _("Relation of the accused"),
            _("incidents"),
            _rows(Counter(i.perpetrator_relation or UNKNOWN for i in confirmed)),
        ),
        Table(
            "police",
            _("Police action reported"),
            _("incidents"),
            _rows(Counter(i.police_action or UNKNOWN for i in confirmed)),
        ),
    ]
    return PressFigures(year, len(confirmed), awaiting, tables)
