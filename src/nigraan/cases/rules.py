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
import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nigraan.cases.vocabulary import Category, Stage

DEFAULT_DIR = Path(__file__).resolve().parent.parent / "rules"
CERTAINTIES = {"statute", "target", "practice", "reported"}
ROLES = {"supervisor", "district_officer", "oversight"}
_UNITS = {"minutes", "hours", "days"}
_OVERRIDABLE = {"within", "escalate_every", "source", "certainty"}


class RulesInvalid(ValueError):
    """A rules file is wrong; the message names the file and the rule."""


@dataclass(frozen=True)
class DeadlineRule:
    id: str
    title: str
    starts_at: frozenset[str]
    met_at: frozenset[str]
    within: dt.timedelta
    escalate_every: dt.timedelta
    source: str
    certainty: str
    applies_if: dict[str, Any] = field(default_factory=dict)

    def applies_to(self, category: str, report: dict[str, Any]) -> bool:
        for key, wanted in self.applies_if.items():
            value = category if key == "category" else report.get(key.removeprefix("report."))
            if value != wanted:
                return False
        return True


@dataclass(frozen=True)
class RuleSet:
    version: int
    digest: str
    chain: tuple[str, ...]
    deadlines: tuple[DeadlineRule, ...]
    overrides: dict[str, dict[str, DeadlineRule]]  # place code → rule id → rule

    def for_place(self, district: str | None, province: str | None) -> list[DeadlineRule]:
        """The rules in force for a case's place: district overrides, then province, then national."""
        rules = []
        for rule in self.deadlines:
            for code in (district, province):
                if code and rule.id in self.overrides.get(code, {}):
                    rule = self.overrides[code][rule.id]
                    break
            rules.append(rule)
        return rules


def _duration(value: Any, where: str) -> dt.timedelta:
    if not isinstance(value, dict) or not value or set(value) - _UNITS:
        raise RulesInvalid(f"{where}: a duration is like {{hours: 3}} or {{days: 17}} (minutes, hours, days)")
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
    return frozenset(value)


def _rule(raw: dict[str, Any], default_every: dt.timedelta, where: str) -> DeadlineRule:
    required = {"id", "title", "starts_at", "met_at", "within", "source", "certainty"}
    missing = required - set(raw)
    if missing:
        raise RulesInvalid(f"{where}: missing {sorted(missing)}")
    extra = set(raw) - required - {"applies_if", "escalate_every"}
    if extra:
        raise RulesInvalid(f"{where}: unknown keys {sorted(extra)}")
    if raw["certainty"] not in CERTAINTIES:
        raise RulesInvalid(f"{where}: certainty must be one of {sorted(CERTAINTIES)}")
    if not str(raw["source"]).strip():
        raise RulesInvalid(f"{where}: every rule cites its source")
    applies_if = raw.get("applies_if") or {}
    for key, value in applies_if.items():
        if key == "category" and value not in Category.values:
            raise RulesInvalid(f"{where}: unknown category {value!r}")
        if key != "category" and not key.startswith("report."):
            raise RulesInvalid(f"{where}: applies_if keys are 'category' or 'report.<fact>'")
    starts, met = _stages(raw["starts_at"], where + ".starts_at"), _stages(raw["met_at"], where + ".met_at")
    if starts & met:
        raise RulesInvalid(f"{where}: a deadline cannot start and be met at the same stage")
    return DeadlineRule(
        id=str(raw["id"]), title=str(raw["title"]), starts_at=starts, met_at=met,
        within=_duration(raw["within"], where + ".within"),
        escalate_every=_duration(raw["escalate_every"], where + ".escalate_every") if "escalate_every" in raw else default_every,
        source=str(raw["source"]), certainty=str(raw["certainty"]), applies_if=dict(applies_if),
    )


def load_rules(directory: Path | None = None) -> RuleSet:
    directory = Path(directory or os.environ.get("NIGRAAN_RULES_DIR") or DEFAULT_DIR)
    national_path = directory / "deadlines.yaml"
    # deadlines.yaml and place overrides (PK6.yaml, PK614.yaml); offences/closure are other lists.
    files = sorted(p for p in directory.glob("*.yaml") if p.name == "deadlines.yaml" or p.stem.startswith("PK"))
    digest = hashlib.sha256(b"".join(p.name.encode() + b"\0" + p.read_bytes() for p in files)).hexdigest()[:16]
    try:
        national = yaml.safe_load(national_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesInvalid(f"{national_path}: {exc}") from exc
    if not isinstance(national, dict) or national.get("jurisdiction") != "PK" or not isinstance(national.get("version"), int):
        raise RulesInvalid(f"{national_path}: needs 'version' (a number) and 'jurisdiction: PK'")
    escalation = national.get("escalation") or {}
    chain = escalation.get("chain")
    if not isinstance(chain, list) or not chain or set(chain) - ROLES:
        raise RulesInvalid(f"{national_path}: escalation.chain is a list of {sorted(ROLES)}")
    every = _duration(escalation.get("every"), f"{national_path}: escalation.every")
    rules, seen = [], set()
    for index, raw in enumerate(national.get("deadlines") or []):
        rule = _rule(raw, every, f"{national_path.name}: deadline #{index + 1} ({raw.get('id', '?')})")
        if rule.id in seen:
            raise RulesInvalid(f"{national_path.name}: deadline id {rule.id!r} is used twice")
        seen.add(rule.id)
        rules.append(rule)
    by_id = {rule.id: rule for rule in rules}
    overrides: dict[str, dict[str, DeadlineRule]] = {}
    for path in files:
        if path == national_path:
            continue
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        code = raw.get("jurisdiction")
        if code != path.stem:
            raise RulesInvalid(f"{path.name}: 'jurisdiction' must be {path.stem!r}, the file's name")
        for rule_id, changes in (raw.get("overrides") or {}).items():
            if rule_id not in by_id:
                raise RulesInvalid(f"{path.name}: overrides unknown deadline {rule_id!r}")
            unknown = set(changes) - _OVERRIDABLE
            if unknown:
                raise RulesInvalid(f"{path.name}: {rule_id}: only {sorted(_OVERRIDABLE)} may be overridden")
            merged = replace(
                by_id[rule_id],
                within=_duration(changes["within"], f"{path.name}: {rule_id}.within") if "within" in changes else by_id[rule_id].within,
                escalate_every=_duration(changes["escalate_every"], f"{path.name}: {rule_id}.escalate_every")
                if "escalate_every" in changes else by_id[rule_id].escalate_every,
                source=str(changes.get("source", by_id[rule_id].source)),
                certainty=str(changes.get("certainty", by_id[rule_id].certainty)),
            )
            if merged.certainty not in CERTAINTIES:
                raise RulesInvalid(f"{path.name}: {rule_id}: unknown certainty")
            overrides.setdefault(code, {})[rule_id] = merged
    return RuleSet(version=national["version"], digest=digest, chain=tuple(chain), deadlines=tuple(rules), overrides=overrides)


@lru_cache(maxsize=1)
def current_rules() -> RuleSet:
    return load_rules()
