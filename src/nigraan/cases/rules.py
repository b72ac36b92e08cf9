"""Deadline rules, loaded from YAML files in ``nigraan/rules/`` (or ``NIGRAAN_RULES_DIR``) and
validated when first used (``nigraan init`` and the worker load them at start-up).

``deadlines.yaml`` holds the national rules; a file named after a province or district code
(``PK6.yaml``) may override a rule's ``within``, ``escalate_every``, ``source`` or ``certainty``
for cases there. The version and a hash of the files are recorded with every deadline, so figures
can be recomputed under the rules of the time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from nigraan.cases.vocabulary import Category, Custody, Outcome, Stage

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "rules"
CERTAINTIES = {"statute", "target", "practice", "reported"}
ROLES = {"supervisor", "district_officer", "oversight"}
_UNITS = {"minutes", "hours", "days"}
_OVERRIDABLE = {"within", "escalate_every", "source", "certainty"}


class RulesInvalid(ValueError):
    """A rules file is wrong; the message names the file and the rule."""


MILESTONE_KINDS = ("stage", "custody", "outcome", "place", "contact")
# place:unplaced (a case opened, or corrected, with no district), place:placed (a district set);
# contact:police (the police contacted the complainant: case.police_contacted).
PLACE_MILESTONES, CONTACT_MILESTONES = frozenset({"unplaced", "placed"}), frozenset({"police"})


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    title: str
    # milestones: "stage:received", "custody:arrested", "outcome:acquittal"
    starts_on: frozenset[str]
    met_on: frozenset[str]
    within: dt.timedelta
    escalate_every: dt.timedelta
    source: str
    certainty: str
    applies_if: dict[str, Any] = field(default_factory=dict)
    stops_on: frozenset[str] = frozenset()  # the clock no longer matters (e.g. released on bail)
    per_accused: bool = False  # one clock for each accused person (custody clocks)
    # tell the people concerned this long before it runs out
    warn_before: dt.timedelta | None = None
    escalates: bool = True  # False: a window shown on the case page, never escalated
    title_ur: str = ""

    def applies_to(
        self, category: str, report: dict[str, Any], facts: dict[str, Any] | None = None
    ) -> bool:
        facts = facts or {}
        for key, wanted in self.applies_if.items():
            value: Any
            if key == "category":
                value = category
            elif key.startswith("report."):
                value = report.get(key.removeprefix("report."))
            else:
                value = facts.get(key)
            if isinstance(wanted, list):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True


@dataclass(frozen=True)
class RuleSet:
    version: int
    digest: str
    chain: tuple[str, ...]
    deadlines: tuple[DeadlineRule, ...]
    overrides: dict[str, dict[str, DeadlineRule]]  # place code → rule id → rule
    place_chains: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def stamp(self) -> str:
        return f"v{self.version}:{self.digest}"

    def for_place(self, district: str | None, province: str | None) -> list[DeadlineRule]:
        """The rules in force for a case's place: district overrides, then province, then
        national."""
        rules = []
        for rule in self.deadlines:
            for code in (district, province):
                if code and rule.id in self.overrides.get(code, {}):
                    rule = self.overrides[code][rule.id]
                    break
            rules.append(rule)
        return rules

    def rule(self, rule_id: str) -> DeadlineRule | None:
        """The national rule with that id (its titles, source), or None."""
        return next((rule for rule in self.deadlines if rule.id == rule_id), None)

    def chain_for(self, district: str | None, province: str | None) -> tuple[str, ...]:
        """Who hears of a missed deadline, in order, for a case in that place."""
        for code in (district, province):
            if code and code in self.place_chains:
                return self.place_chains[code]
        return self.chain


def _duration(value: Any, where: str) -> dt.timedelta:
    if not isinstance(value, dict) or not value or set(value) - _UNITS:
        raise RulesInvalid(
            f"{where}: a duration is like {{hours: 3}} or {{days: 17}} (minutes, hours, days)"
        )
    for amount in value.values():
        if not isinstance(amount, int) or amount <= 0:
            raise RulesInvalid(f"{where}: durations are positive whole numbers")
    return dt.timedelta(**value)


def _stages(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not value:
        raise RulesInvalid(f"{where}: give a list of stages")
    unknown = set(value) - set(Stage.values)
    if unknown:
        raise RulesInvalid(f"{where}: unknown stages {sorted(unknown)}")
    return frozenset(f"stage:{stage}" for stage in value)


def _milestones(value: Any, where: str) -> frozenset[str]:
    known = {"stage": set(Stage.values), "custody": set(Custody.values)}
    known |= {"outcome": set(Outcome.values), "place": set(PLACE_MILESTONES)}
    known["contact"] = set(CONTACT_MILESTONES)
    if not isinstance(value, list) or not value:
        raise RulesInvalid(
            f"{where}: give a list of milestones like stage:fir_registered, custody:arrested, "
            "outcome:acquittal"
        )
    for item in value:
        kind, _, code = str(item).partition(":")
        if kind not in known or code not in known[kind]:
            raise RulesInvalid(
                f"{where}: unknown milestone {item!r} (stage:…, custody:…, outcome:… with a "
                "known code, place:unplaced / place:placed, or contact:police)"
            )
    return frozenset(str(item) for item in value)


def _when(
    raw: dict[str, Any], stages_key: str, milestones_key: str, where: str, required: bool
) -> frozenset[str]:
    found: frozenset[str] = frozenset()
    if stages_key in raw:
        found |= _stages(raw[stages_key], f"{where}.{stages_key}")
    if milestones_key in raw:
        found |= _milestones(raw[milestones_key], f"{where}.{milestones_key}")
    if required and not found:
        raise RulesInvalid(f"{where}: missing ['{stages_key}'] (or '{milestones_key}')")
    return found


_KEYS = {
    "id",
    "title",
    "title_ur",
    "starts_at",
    "starts_on",
    "met_at",
    "met_on",
    "stops_on",
    "within",
    "source",
    "certainty",
    "applies_if",
    "escalate_every",
    "per",
    "warn_before",
    "escalate",
}


def _rule(raw: dict[str, Any], default_every: dt.timedelta, where: str) -> DeadlineRule:
    _check_rule_keys(raw, where)
    applies_if = _applies_if(raw.get("applies_if") or {}, where)
    starts = _when(raw, "starts_at", "starts_on", where, True)
    met = _when(raw, "met_at", "met_on", where, True)
    stops = _milestones(raw["stops_on"], where + ".stops_on") if "stops_on" in raw else frozenset()
    if starts & met:
        raise RulesInvalid(f"{where}: a deadline cannot start and be met at the same stage")
    per_accused = _per_accused(raw.get("per", "case"), starts, where)
    if not isinstance(raw.get("escalate", True), bool):
        raise RulesInvalid(f"{where}: 'escalate' is true or false")
    within = _duration(raw["within"], where + ".within")
    warn = _duration(raw["warn_before"], where + ".warn_before") if "warn_before" in raw else None
    if warn is not None and warn >= within:
        raise RulesInvalid(f"{where}: warn_before must be shorter than within")
    return DeadlineRule(
        id=str(raw["id"]),
        title=str(raw["title"]),
        title_ur=str(raw.get("title_ur", "")),
        starts_on=starts,
        met_on=met,
        stops_on=stops,
        within=within,
        escalate_every=_duration(raw["escalate_every"], where + ".escalate_every")
        if "escalate_every" in raw
        else default_every,
        source=str(raw["source"]),
        certainty=str(raw["certainty"]),
        applies_if=dict(applies_if),
        per_accused=per_accused,
        warn_before=warn,
        escalates=raw.get("escalate", True),
    )


def _check_rule_keys(raw: dict[str, Any], where: str) -> None:
    """Every required key, no unknown one, a known certainty and a cited source."""
    required = {"id", "title", "within", "source", "certainty"}
    missing = required - set(raw)
    if missing:
        raise RulesInvalid(f"{where}: missing {sorted(missing)}")
    extra = set(raw) - _KEYS
    if extra:
        raise RulesInvalid(f"{where}: unknown keys {sorted(extra)}")
    if raw["certainty"] not in CERTAINTIES:
        raise RulesInvalid(f"{where}: certainty must be one of {sorted(CERTAINTIES)}")
    if not str(raw["source"]).strip():
        raise RulesInvalid(f"{where}: every rule cites its source")


def _applies_if(applies_if: dict[str, Any], where: str) -> dict[str, Any]:
    """The rule's conditions, checked: known categories and known kinds of fact."""
    for key, value in applies_if.items():
        if key == "category" and any(
            v not in Category.values for v in (value if isinstance(value, list) else [value])
        ):
            raise RulesInvalid(f"{where}: unknown category {value!r}")
        if key not in ("category", "capital_charge", "child") and not key.startswith("report."):
            raise RulesInvalid(
                f"{where}: applies_if keys are 'category', 'capital_charge', 'child' or "
                "'report.<fact>'"
            )
    return applies_if


def _per_accused(per: Any, starts: frozenset[str], where: str) -> bool:
    """Does the rule run one clock per accused person ('per: accused') or one per case?"""
    if per not in ("case", "accused"):
        raise RulesInvalid(f"{where}: 'per' is 'case' or 'accused'")
    if per == "accused" and not all(m.startswith("custody:") for m in starts):
        raise RulesInvalid(f"{where}: a clock per accused person starts on custody milestones")
    return per == "accused"


def _chain(value: Any, where: str) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or not value
        or set(value) - ROLES
        or len(set(value)) != len(value)
    ):
        raise RulesInvalid(f"{where}: escalation.chain is a list of {sorted(ROLES)}, each once")
    return tuple(value)


def rules_dir(directory: Path | None = None) -> Path:
    """Where the rules files are: the given directory, ``NIGRAAN_RULES_DIR``, or the shipped
    ones."""
    return Path(directory or settings.NIGRAAN_RULES_DIR or DEFAULT_DIR)


def files_digest(paths: list[Path]) -> str:
    """A short hash of the files' names and contents: which rules were in force."""
    return hashlib.sha256(
        b"".join(p.name.encode() + b"\0" + p.read_bytes() for p in paths)
    ).hexdigest()[:16]


def read_national_file(path: Path, where: str) -> dict[str, Any]:
    """A national rules file, read: a mapping with a numeric 'version' and 'jurisdiction: PK'."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesInvalid(f"{path}: {exc}") from exc
    if (
        not isinstance(raw, dict)
        or raw.get("jurisdiction") != "PK"
        or not isinstance(raw.get("version"), int)
    ):
        raise RulesInvalid(f"{where}: needs 'version' (a number) and 'jurisdiction: PK'")
    return raw


def load_rules(directory: Path | None = None) -> RuleSet:
    directory = rules_dir(directory)
    national_path = directory / "deadlines.yaml"
    # deadlines.yaml and place overrides (PK6.yaml, PK614.yaml); offences/closure are other lists.
    files = sorted(
        p for p in directory.glob("*.yaml") if p.name == "deadlines.yaml" or p.stem.startswith("PK")
    )
    digest = files_digest(files)
    national = read_national_file(national_path, str(national_path))
    escalation = national.get("escalation") or {}
    chain = _chain(escalation.get("chain"), national_path.name)
    every = _duration(escalation.get("every"), f"{national_path}: escalation.every")
    rules = _national_rules(national.get("deadlines") or [], every, national_path.name)
    by_id = {rule.id: rule for rule in rules}
    overrides: dict[str, dict[str, DeadlineRule]] = {}
    place_chains: dict[str, tuple[str, ...]] = {}
    for path in files:
        if path == national_path:
            continue
        code, place_chain, place_overrides = _place_file(path, by_id)
        if place_chain is not None:
            place_chains[code] = place_chain
        if place_overrides:
            overrides[code] = place_overrides
    return RuleSet(
        version=national["version"],
        digest=digest,
        chain=chain,
        deadlines=tuple(rules),
        overrides=overrides,
        place_chains=place_chains,
    )


def _national_rules(raws: list[Any], every: dt.timedelta, name: str) -> list[DeadlineRule]:
    """The national deadlines, in file order, each id once."""
    rules: list[DeadlineRule] = []
    seen: set[str] = set()
    for index, raw in enumerate(raws):
        rule = _rule(raw, every, f"{name}: deadline #{index + 1} ({raw.get('id', '?')})")
        if rule.id in seen:
            raise RulesInvalid(f"{name}: deadline id {rule.id!r} is used twice")
        seen.add(rule.id)
        rules.append(rule)
    return rules


_PLACE_KEYS = {"version", "jurisdiction", "overrides", "escalation", "pipeline"}


def _place_file(
    path: Path, by_id: dict[str, DeadlineRule]
) -> tuple[str, tuple[str, ...] | None, dict[str, DeadlineRule]]:
    """A place's file (PK6.yaml): its code, its escalation chain if it has one, and the national
    rules it changes (rule id → the rule as changed there)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    code = raw.get("jurisdiction")
    if code != path.stem:
        raise RulesInvalid(f"{path.name}: 'jurisdiction' must be {path.stem!r}, the file's name")
    unknown_keys = set(raw) - _PLACE_KEYS
    if unknown_keys:
        raise RulesInvalid(f"{path.name}: unknown keys {sorted(unknown_keys)}")
    chain = (
        _chain(raw["escalation"].get("chain"), f"{path.name}") if raw.get("escalation") else None
    )
    changed: dict[str, DeadlineRule] = {}
    for rule_id, changes in (raw.get("overrides") or {}).items():
        if rule_id not in by_id:
            raise RulesInvalid(f"{path.name}: overrides unknown deadline {rule_id!r}")
        changed[rule_id] = _override(by_id[rule_id], changes, f"{path.name}: {rule_id}")
    return code, chain, changed


def _override(rule: DeadlineRule, changes: dict[str, Any], where: str) -> DeadlineRule:
    """A national rule as a place's file changes it (only ``_OVERRIDABLE`` keys)."""
    unknown = set(changes) - _OVERRIDABLE
    if unknown:
        raise RulesInvalid(f"{where}: only {sorted(_OVERRIDABLE)} may be overridden")
    merged = replace(
        rule,
        within=_duration(changes["within"], f"{where}.within")
        if "within" in changes
        else rule.within,
        escalate_every=_duration(changes["escalate_every"], f"{where}.escalate_every")
        if "escalate_every" in changes
        else rule.escalate_every,
        source=str(changes.get("source", rule.source)),
        certainty=str(changes.get("certainty", rule.certainty)),
    )
    if merged.certainty not in CERTAINTIES:
        raise RulesInvalid(f"{where}: unknown certainty")
    return merged


@lru_cache(maxsize=1)
def current_rules() -> RuleSet:
    return load_rules()
