"""The alert circle's radius by time since the child was last seen (rules/alert_targeting.yaml)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from nigraan.alerts.content import Circle
from nigraan.alerts.rules_files import check_entry_id, check_keys, check_source, read_rules_file
from nigraan.cases.rules import RulesInvalid

FILE = "alert_targeting.yaml"
MAX_RADIUS_KM = 500.0  # beyond this an alert is a province-wide one: choose districts instead
_UNITS = {"minutes", "hours", "days"}


@dataclass(frozen=True)
class RadiusStep:
    id: str
    after: dt.timedelta
    radius_km: float
    source: str
    certainty: str


@dataclass(frozen=True)
class TargetingRules:
    version: int
    digest: str
    steps: tuple[RadiusStep, ...]

    @property
    def stamp(self) -> str:
        return f"v{self.version}:{self.digest}"

    def step_at(self, elapsed: dt.timedelta) -> RadiusStep:
        """The step in force this long after the child was last seen (the first one for a time
        in the future, which a clock skew can give)."""
        current = self.steps[0]
        for step in self.steps:
            if step.after <= elapsed:
                current = step
        return current

    def circle_for(
        self, lat: float, lon: float, last_seen_at: dt.datetime, now: dt.datetime
    ) -> Circle:
        """The circle an alert issued (or widened) ``now`` should cover."""
        return Circle(lat, lon, self.step_at(now - last_seen_at).radius_km)


def _after(value: Any, where: str) -> dt.timedelta:
    if not isinstance(value, dict) or not value or set(value) - _UNITS:
        raise RulesInvalid(f"{where}: 'after' is like {{hours: 2}} (minutes, hours, days)")
    if not all(isinstance(amount, int) and amount >= 0 for amount in value.values()):
        raise RulesInvalid(f"{where}: 'after' takes whole numbers, 0 or more")
    return dt.timedelta(**value)


def _step(raw: Any, seen: set[str], where: str) -> RadiusStep:
    raw = check_keys(raw, {"id", "after", "radius_km", "source", "certainty"}, set(), where)
    step_id = check_entry_id(raw["id"], seen, where)
    radius = raw["radius_km"]
    if isinstance(radius, bool) or not isinstance(radius, int | float):
        raise RulesInvalid(f"{where}: radius_km is a number of kilometres")
    if not 0 < radius <= MAX_RADIUS_KM:
        raise RulesInvalid(f"{where}: radius_km must be more than 0 and at most {MAX_RADIUS_KM}")
    source, certainty = check_source(raw, where)
    return RadiusStep(step_id, _after(raw["after"], where), float(radius), source, certainty)


def load_targeting_rules(directory: Path | None = None) -> TargetingRules:
    raw, digest = read_rules_file(FILE, directory)
    check_keys(raw, {"version", "jurisdiction", "steps"}, set(), FILE)
    if not isinstance(raw["steps"], list) or not raw["steps"]:
        raise RulesInvalid(f"{FILE}: 'steps' is a list of at least one step")
    seen: set[str] = set()
    steps = [
        _step(
            item,
            seen,
            f"{FILE}: step #{index + 1}"
            + (f" ({item.get('id', '?')})" if isinstance(item, dict) else ""),
        )
        for index, item in enumerate(raw["steps"])
    ]
    if steps[0].after != dt.timedelta(0):
        raise RulesInvalid(f"{FILE}: the first step starts at once (after: {{hours: 0}})")
    for before, step in zip(steps, steps[1:], strict=False):
        if step.after <= before.after:
            raise RulesInvalid(f"{FILE}: step {step.id} must start after step {before.id}")
        if step.radius_km <= before.radius_km:
            raise RulesInvalid(f"{FILE}: step {step.id}: the circle only widens with time")
    return TargetingRules(version=raw["version"], digest=digest, steps=tuple(steps))


@lru_cache(maxsize=1)
def current_targeting_rules() -> TargetingRules:
    return load_targeting_rules()
