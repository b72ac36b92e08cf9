"""The case pipeline, loaded from ``rules/pipeline.yaml`` (and a place's own file): which stage may
follow which, and what each verdict outcome means. Validated when first used (``nigraan init``, the
worker and ``nigraan deadlines check`` load it at start-up)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from nigraan.cases.offences import closure_reasons, offences
from nigraan.cases.rules import (
    RuleSet,
    RulesInvalid,
    current_rules,
    files_digest,
    read_national_file,
    rules_dir,
)
from nigraan.cases.vocabulary import Custody, Outcome, Stage


@dataclass(frozen=True)
class OutcomeRule:
    code: str
    custody: str | None  # what the accused's custody becomes (convicted, acquitted), if anything
    flag: str  # why oversight is told; empty when the outcome is not flagged
    source: str


@dataclass(frozen=True)
class Pipeline:
    version: int
    digest: str
    next: dict[str, frozenset[str]]
    sources: dict[str, str]
    outcomes: dict[str, OutcomeRule]
    place_next: dict[str, dict[str, frozenset[str]]]  # place code → stage → next stages

    @property
    def stamp(self) -> str:
        """What events record as the rules in force."""
        return f"pipeline v{self.version}:{self.digest}"

    def next_stages(self, stage: str, district: str | None, province: str | None) -> frozenset[str]:
        """The stages a case at ``stage`` may move to, for a case in that place (closing aside)."""
        for code in (district, province):
            if code and stage in self.place_next.get(code, {}):
                return self.place_next[code][stage]
        return self.next.get(stage, frozenset())


def _next_list(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise RulesInvalid(f"{where}: 'next' is a list of stages")
    unknown = set(value) - set(Stage.values)
    if unknown:
        raise RulesInvalid(f"{where}: unknown stages {sorted(unknown)}")
    if Stage.CLOSED.value in value or Stage.RECEIVED.value in value:
        raise RulesInvalid(
            f"{where}: 'closed' is reached from any stage and 'received' from none; do not list "
            "them"
        )
    return frozenset(value)


def load_pipeline(directory: Path | None = None) -> Pipeline:
    directory = rules_dir(directory)
    path = directory / "pipeline.yaml"
    places = sorted(p for p in directory.glob("PK*.yaml"))
    digest = files_digest([path, *places])
    raw = read_national_file(path, path.name)
    following, sources = _stages(raw.get("stages") or [], path.name)
    _check_reachable(following, path.name)
    outcomes = _outcomes(raw.get("outcomes") or [], path.name)
    return Pipeline(
        version=raw["version"],
        digest=digest,
        next=following,
        sources=sources,
        outcomes=outcomes,
        place_next=_place_next(places, following),
    )


def _stages(items: list[Any], name: str) -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    """Every stage but 'closed', once each: the stages that may follow it, and its source."""
    following: dict[str, frozenset[str]] = {}
    sources: dict[str, str] = {}
    for index, stage in enumerate(items):
        code = stage.get("code", "?") if isinstance(stage, dict) else "?"
        where = f"{name}: stage #{index + 1} ({code})"
        if not isinstance(stage, dict) or set(stage) != {"code", "next", "source"}:
            raise RulesInvalid(f"{where}: a stage has exactly 'code', 'next' and 'source'")
        if stage["code"] not in Stage.values or stage["code"] == Stage.CLOSED:
            raise RulesInvalid(f"{where}: unknown stage {stage['code']!r}")
        if stage["code"] in following:
            raise RulesInvalid(f"{where}: stage listed twice")
        if not str(stage["source"]).strip():
            raise RulesInvalid(f"{where}: every stage cites its source")
        following[stage["code"]] = _next_list(stage["next"], where)
        sources[stage["code"]] = str(stage["source"])
    missing = set(Stage.values) - set(following) - {Stage.CLOSED.value}
    if missing:
        raise RulesInvalid(f"{name}: stages not described: {sorted(missing)}")
    return following, sources


def _check_reachable(following: dict[str, frozenset[str]], name: str) -> None:
    """Every stage can be reached from 'received'."""
    reachable, frontier = {Stage.RECEIVED.value}, [Stage.RECEIVED.value]
    while frontier:
        for stage in following[frontier.pop()]:
            if stage not in reachable:
                reachable.add(stage)
                frontier.append(stage)
    unreachable = set(following) - reachable
    if unreachable:
        raise RulesInvalid(f"{name}: no way to reach {sorted(unreachable)} from 'received'")


def _outcomes(items: list[Any], name: str) -> dict[str, OutcomeRule]:
    """What each verdict outcome means; every outcome described."""
    outcomes: dict[str, OutcomeRule] = {}
    for index, item in enumerate(items):
        where = f"{name}: outcome #{index + 1}"
        if (
            not isinstance(item, dict)
            or not {"code", "source"} <= set(item)
            or set(item) - {"code", "source", "custody", "flag"}
        ):
            raise RulesInvalid(
                f"{where}: an outcome has 'code', 'source' and optionally 'custody' and 'flag'"
            )
        if item["code"] not in Outcome.values:
            raise RulesInvalid(f"{where}: unknown outcome {item['code']!r}")
        if item.get("custody") is not None and item["custody"] not in Custody.values:
            raise RulesInvalid(f"{where}: unknown custody {item['custody']!r}")
        outcomes[item["code"]] = OutcomeRule(
            str(item["code"]), item.get("custody"), str(item.get("flag") or ""), str(item["source"])
        )
    if set(outcomes) != set(Outcome.values):
        raise RulesInvalid(f"{name}: outcomes must describe exactly {sorted(Outcome.values)}")
    return outcomes


def _place_next(
    places: list[Path], following: dict[str, frozenset[str]]
) -> dict[str, dict[str, frozenset[str]]]:
    """Places' own pipelines (``pipeline.next`` in PK6.yaml): place code → stage → next stages."""
    place_next: dict[str, dict[str, frozenset[str]]] = {}
    for place in places:
        data = yaml.safe_load(place.read_text(encoding="utf-8")) or {}
        changes = (data.get("pipeline") or {}).get("next") or {}
        for stage, value in changes.items():
            if stage not in following:
                raise RulesInvalid(f"{place.name}: pipeline.next: unknown stage {stage!r}")
            place_next.setdefault(place.stem, {})[stage] = _next_list(
                value, f"{place.name}: pipeline.next.{stage}"
            )
    return place_next


@lru_cache(maxsize=1)
def current_pipeline() -> Pipeline:
    return load_pipeline()


def check_all_rules() -> tuple[RuleSet, Pipeline]:
    """Load and validate every rules file (deadlines, pipeline, offences, closure reasons), keeping
    them for the process; raises RulesInvalid naming the file and rule. Used at start-up and by
    `deadlines check`."""
    loaded = current_rules()
    flow = current_pipeline()
    offences()
    closure_reasons()
    return loaded, flow
