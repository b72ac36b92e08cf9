"""The public measures, loaded from ``rules/figures.yaml`` and validated like the other rules files:
a wrong file is refused whole with a message naming the file and the measure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from nigraan.cases.offences import closure_reasons, offences
from nigraan.cases.rules import RulesInvalid, current_rules, files_digest, load_rules, rules_dir
from nigraan.cases.vocabulary import AgeBand, Category, Channel, Custody, Gender, Outcome, Stage
from nigraan.stats import ledger_events as ev

METHODS = ("events", "triage", "median_days", "idle", "accused_outcomes", "closed_without")
# Attributes every counted unit carries (the case's, as recorded at the time of the event).
CASE_ATTRIBUTES = ("channel", "category", "victim_age_band", "victim_gender")
# The attributes each method gives its units besides the case's ones and the month.
METHOD_ATTRIBUTES = {
    "events": (),  # plus the measure's own `values`
    "triage": ("triage",),
    "median_days": (),
    "idle": ("idle_for",),
    "accused_outcomes": ("outcome", "law"),
    "closed_without": ("reason",),
}
TRIAGE_VALUES = ("in_time", "late", "not_yet")
_URDU = re.compile(r"[\u0600-\u06FF]")
_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_MEASURE_KEYS = {
    "id",
    "title",
    "title_ur",
    "definition",
    "definition_ur",
    "unit",
    "method",
    "kinds",
    "where",
    "values",
    "breakdowns",
    "deadline",
    "share_of",
    "from",
    "to",
    "bands",
    "unless_stage",
}


@dataclass(frozen=True)
class Disclosure:
    threshold: int  # counts 1..threshold are shown as "fewer than threshold + 1"
    protection: int  # a small count's possible values must span at least this much
    median_min_count: int


@dataclass(frozen=True)
class Milestone:
    """Where a duration starts or ends: the first event of a kind, or the first time a case
    reached a stage."""

    event: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Measure:
    id: str
    title: str
    title_ur: str
    definition: str
    unit: str
    method: str
    breakdowns: tuple[tuple[str, ...], ...]
    kinds: tuple[str, ...] = ()
    where: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)  # attribute -> data key
    deadline: str = ""
    share_of: str = ""
    start: Milestone = Milestone()
    end: Milestone = Milestone()
    bands: tuple[int, ...] = ()
    unless_stage: str = ""
    definition_ur: str = ""  # empty: the pages and report show the English definition

    @property
    def is_median(self) -> bool:
        return self.method == "median_days"

    @property
    def is_stock(self) -> bool:
        """A state at the end of the period (not a count of what happened in it)."""
        return self.method == "idle"

    @cached_property
    def derived(self) -> dict[str, str]:
        """Attributes that follow from another one (a charge's law from its offence code)."""
        return {"law": "offence"} if "offence" in self.values else {}

    @cached_property
    def available(self) -> tuple[str, ...]:
        """Every attribute a unit of this measure has (the month is kept apart)."""
        own = tuple(self.values) + METHOD_ATTRIBUTES[self.method] + tuple(self.derived)
        return CASE_ATTRIBUTES + tuple(dict.fromkeys(own))

    @cached_property
    def attributes(self) -> tuple[str, ...]:
        """The attributes counted units are kept by: those its breakdowns use, less the month and
        derived ones, in a fixed order."""
        used = {name for combo in self.breakdowns for name in combo}
        for derived, base in self.derived.items():
            if derived in used:
                used.add(base)
        return tuple(a for a in self.available if a in used and a not in self.derived)


@dataclass(frozen=True)
class Figures:
    version: int
    digest: str
    disclosure: Disclosure
    activity_kinds: frozenset[str]
    attributes: dict[str, tuple[str, str]]  # id -> (title, title_ur)
    measures: tuple[Measure, ...]

    def measure(self, measure_id: str) -> Measure:
        return next(m for m in self.measures if m.id == measure_id)


def _require(condition: bool, where: str, message: str) -> None:
    if not condition:
        raise RulesInvalid(f"{where}: {message}")


def _disclosure(raw: Any, where: str) -> Disclosure:
    _require(isinstance(raw, dict), where, "needs a 'disclosure' section")
    values = {key: raw.get(key) for key in ("threshold", "protection", "median_min_count")}
    for key, value in values.items():
        _require(
            isinstance(value, int) and not isinstance(value, bool) and value >= 1,
            where,
            f"disclosure.{key} is a whole number of at least 1",
        )
    _require(
        values["median_min_count"] > values["threshold"],
        where,
        "disclosure.median_min_count must be more than the threshold",
    )
    return Disclosure(**values)


def _milestone(raw: Any, where: str) -> Milestone:
    _require(
        isinstance(raw, dict) and len(raw) == 1 and set(raw) <= {"event", "stage"},
        where,
        "a milestone is {event: <kind>} or {stage: <stage>}",
    )
    if "event" in raw:
        _require(raw["event"] in ev.EVENT_KINDS, where, f"unknown event kind {raw['event']!r}")
        return Milestone(event=str(raw["event"]))
    _require(raw["stage"] in Stage.values, where, f"unknown stage {raw['stage']!r}")
    return Milestone(stage=str(raw["stage"]))


def _events_method(raw: dict[str, Any], where: str) -> dict[str, Any]:
    kinds: list[Any] = raw.get("kinds") or []
    _require(isinstance(kinds, list) and bool(kinds), where, "'kinds' lists the events counted")
    for kind in kinds:
        _require(kind in ev.DATA_KEYS, where, f"figures cannot count events of kind {kind!r}")
    readable = frozenset.intersection(*(ev.DATA_KEYS[kind] for kind in kinds))
    conditions = raw.get("where") or {}
    mapping = raw.get("values") or {}
    _require(isinstance(conditions, dict) and isinstance(mapping, dict), where, "bad where/values")
    for key, wanted in conditions.items():
        _require(key in readable, where, f"'where' reads {key!r}, which these events do not hold")
        _require(isinstance(wanted, list) and bool(wanted), where, f"where.{key} is a list")
    for attribute, key in mapping.items():
        _require(key in readable, where, f"'values' reads {key!r}, which these events do not hold")
        _require(bool(_ID.match(str(attribute))), where, f"bad attribute name {attribute!r}")
    return {
        "kinds": tuple(kinds),
        "where": {k: tuple(str(v) for v in vs) for k, vs in conditions.items()},
        "values": {str(a): str(k) for a, k in mapping.items()},
    }


def _method_options(
    raw: dict[str, Any], method: str, where: str, directory: Path | None
) -> dict[str, Any]:
    """The options of each counting method, checked against the rules they refer to."""
    if method == "events":
        return _events_method(raw, where)
    if method == "triage":
        rule = load_rules(directory).rule(str(raw.get("deadline")))
        _require(rule is not None, where, f"unknown deadline {raw.get('deadline')!r}")
        _require(raw.get("share_of") in TRIAGE_VALUES, where, f"share_of is one of {TRIAGE_VALUES}")
        return {"deadline": str(raw["deadline"]), "share_of": str(raw["share_of"])}
    if method == "median_days":
        start = _milestone(raw.get("from"), f"{where}.from")
        end = _milestone(raw.get("to"), f"{where}.to")
        _require(start != end, where, "a duration needs two different milestones")
        return {"start": start, "end": end}
    if method == "idle":
        bands: list[Any] = raw.get("bands") or []
        _require(
            isinstance(bands, list)
            and bool(bands)
            and all(isinstance(b, int) and b > 0 for b in bands)
            and bands == sorted(set(bands)),
            where,
            "'bands' is a rising list of whole numbers of days",
        )
        return {"bands": tuple(bands)}
    if method == "closed_without":
        _require(raw.get("unless_stage") in Stage.values, where, "unless_stage is a stage")
        return {"unless_stage": str(raw["unless_stage"])}
    return {}


def _breakdowns(raw: Any, attributes: tuple[str, ...], known: set[str], where: str) -> tuple:
    _require(isinstance(raw, list), where, "'breakdowns' is a list")
    found = []
    for item in raw:
        combo = tuple(item) if isinstance(item, list) else (item,)
        for name in combo:
            _require(name in known, where, f"unknown breakdown {name!r}")
            _require(
                name in attributes or name == "month",
                where,
                f"this measure's units have no {name!r} (they have {', '.join(attributes)})",
            )
        _require(len(set(combo)) == len(combo), where, f"breakdown {combo} repeats itself")
        _require(combo not in found, where, f"breakdown {combo} is listed twice")
        found.append(combo)
    return tuple(found)


def _measure(raw: Any, known: set[str], where: str, directory: Path | None) -> Measure:
    _require(isinstance(raw, dict), where, "a measure is a mapping")
    extra = set(raw) - _MEASURE_KEYS
    _require(not extra, where, f"unknown keys {sorted(extra)}")
    for key in ("id", "title", "title_ur", "definition", "unit", "method"):
        _require(bool(str(raw.get(key) or "").strip()), where, f"missing {key!r}")
    _require(bool(_ID.match(str(raw["id"]))), where, "the id is lower case letters and _")
    _require(bool(_URDU.search(str(raw["title_ur"]))), where, "title_ur must be written in Urdu")
    _require(
        "definition_ur" not in raw or bool(_URDU.search(str(raw["definition_ur"]))),
        where,
        "definition_ur must be written in Urdu",
    )
    method = str(raw["method"])
    _require(method in METHODS, where, f"method is one of {METHODS}")
    options = _method_options(raw, method, where, directory)
    draft = Measure(
        id=str(raw["id"]),
        title=str(raw["title"]),
        title_ur=str(raw["title_ur"]),
        definition=" ".join(str(raw["definition"]).split()),
        definition_ur=" ".join(str(raw.get("definition_ur", "")).split()),
        unit=str(raw["unit"]),
        method=method,
        breakdowns=(),
        **options,
    )
    breakdowns = _breakdowns(raw.get("breakdowns"), draft.available, known, where)
    if draft.is_stock:
        _require(("month",) not in breakdowns, where, "a state at the period's end has no month")
    return replace(draft, breakdowns=breakdowns)


def load_figures(directory: Path | None = None) -> Figures:
    path = rules_dir(directory) / "figures.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesInvalid(f"{path}: {exc}") from exc
    name = path.name
    _require(isinstance(raw, dict), name, "the file is a mapping")
    _require(isinstance(raw.get("version"), int), name, "needs 'version' (a number)")
    unknown = set(raw) - {"version", "disclosure", "activity_kinds", "attributes", "measures"}
    _require(not unknown, name, f"unknown keys {sorted(unknown)}")
    disclosure = _disclosure(raw.get("disclosure"), name)
    activity = raw.get("activity_kinds") or []
    _require(isinstance(activity, list) and bool(activity), name, "activity_kinds is a list")
    for kind in activity:
        _require(kind in ev.EVENT_KINDS, name, f"activity_kinds: unknown kind {kind!r}")
    attributes: dict[str, tuple[str, str]] = {}
    for item in raw.get("attributes") or []:
        where = f"{name}: attribute {item.get('id', '?') if isinstance(item, dict) else '?'}"
        _require(
            isinstance(item, dict) and set(item) == {"id", "title", "title_ur"},
            where,
            "an attribute has id, title and title_ur",
        )
        _require(bool(_URDU.search(str(item["title_ur"]))), where, "title_ur must be in Urdu")
        attributes[str(item["id"])] = (str(item["title"]), str(item["title_ur"]))
    measures: list[Measure] = []
    for index, item in enumerate(raw.get("measures") or []):
        label = item.get("id", "?") if isinstance(item, dict) else "?"
        where = f"{name}: measure #{index + 1} ({label})"
        measure = _measure(item, set(attributes), where, directory)
        _require(all(m.id != measure.id for m in measures), name, f"id {measure.id!r} used twice")
        measures.append(measure)
    _require(bool(measures), name, "no measures")
    return Figures(
        version=raw["version"],
        digest=files_digest([path]),
        disclosure=disclosure,
        activity_kinds=frozenset(activity),
        attributes=attributes,
        measures=tuple(measures),
    )


@lru_cache(maxsize=1)
def current_figures() -> Figures:
    return load_figures()


def band_labels(bands: tuple[int, ...]) -> tuple[str, ...]:
    """Labels of idle bands: (30, 90) -> ("30-89", "90+")."""
    upper = [f"{b}-{nxt - 1}" for b, nxt in zip(bands, bands[1:], strict=False)]
    return tuple(upper) + (f"{bands[-1]}+",)


def column_values(measure: Measure, attribute: str) -> tuple[str, ...]:
    """Every value an attribute of this measure can take (so tables show zeros), in a stable
    order; empty when open-ended (months are the period's; others appear as counted)."""
    key = measure.values.get(attribute)
    if key and key in measure.where:
        return measure.where[key]
    if attribute == "idle_for":
        return band_labels(measure.bands)
    rules = current_rules()
    fixed: dict[str, tuple[str, ...]] = {
        "channel": tuple(Channel.values),
        "category": tuple(Category.values),
        "victim_age_band": tuple(AgeBand.values),
        "victim_gender": tuple(Gender.values),
        "custody": tuple(Custody.values),
        "outcome": tuple(Outcome.values),
        "offence": tuple(offences()),
        "law": (*dict.fromkeys(o.law for o in offences().values()), "none"),
        "reason": tuple(closure_reasons()),
        "level": tuple(rules.chain),
        "deadline": tuple(rule.id for rule in rules.deadlines),
        "triage": TRIAGE_VALUES,
    }
    return fixed.get(attribute, ())
