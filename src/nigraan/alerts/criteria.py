"""Activation criteria for a missing-child alert (rules/alert_criteria.yaml), each a question in
English and Urdu that the approver answers. The approval form (still to come) shows them and
refuses an approval in which a required criterion is not answered "yes"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from nigraan.alerts.rules_files import (
    check_entry_id,
    check_keys,
    check_source,
    check_text,
    read_rules_file,
)
from nigraan.cases.rules import RulesInvalid

FILE = "alert_criteria.yaml"


@dataclass(frozen=True)
class Criterion:
    id: str
    question: str
    question_ur: str
    required: bool
    source: str
    certainty: str


@dataclass(frozen=True)
class Criteria:
    version: int
    digest: str
    items: tuple[Criterion, ...]

    @property
    def stamp(self) -> str:
        return f"v{self.version}:{self.digest}"

    def unmet(self, answers: Mapping[str, bool]) -> list[Criterion]:
        """The criteria an approval fails: a required one not answered yes, or any one not
        answered at all. Answers to unknown criteria are refused (KeyError names them)."""
        known = {item.id for item in self.items}
        unknown = set(answers) - known
        if unknown:
            raise KeyError(f"unknown criteria: {sorted(unknown)}")
        return [
            item
            for item in self.items
            if item.id not in answers or (item.required and answers[item.id] is not True)
        ]


def _criterion(raw: Any, seen: set[str], where: str) -> Criterion:
    raw = check_keys(
        raw, {"id", "question", "question_ur", "required", "source", "certainty"}, set(), where
    )
    criterion_id = check_entry_id(raw["id"], seen, where)
    if not isinstance(raw["required"], bool):
        raise RulesInvalid(f"{where}: 'required' is true or false")
    source, certainty = check_source(raw, where)
    return Criterion(
        id=criterion_id,
        question=check_text(raw["question"], f"{where}.question"),
        question_ur=check_text(raw["question_ur"], f"{where}.question_ur", urdu=True),
        required=raw["required"],
        source=source,
        certainty=certainty,
    )


def load_criteria(directory: Path | None = None) -> Criteria:
    raw, digest = read_rules_file(FILE, directory)
    check_keys(raw, {"version", "jurisdiction", "criteria"}, set(), FILE)
    if not isinstance(raw["criteria"], list) or not raw["criteria"]:
        raise RulesInvalid(f"{FILE}: 'criteria' is a list of at least one criterion")
    seen: set[str] = set()
    items = tuple(
        _criterion(
            item,
            seen,
            f"{FILE}: criterion #{index + 1}"
            + (f" ({item.get('id', '?')})" if isinstance(item, dict) else ""),
        )
        for index, item in enumerate(raw["criteria"])
    )
    if not any(item.required for item in items):
        raise RulesInvalid(f"{FILE}: at least one criterion must be required")
    return Criteria(version=raw["version"], digest=digest, items=items)


@lru_cache(maxsize=1)
def current_criteria() -> Criteria:
    return load_criteria()
