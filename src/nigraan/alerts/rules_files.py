"""Reading the alert rules files: the same directory, errors and checks as the deadline rules
(``nigraan.cases.rules``): a version, the jurisdiction, a source and a certainty for every entry,
and ``RulesInvalid`` naming the file and the entry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from nigraan.cases.rules import CERTAINTIES, RulesInvalid, files_digest, rules_dir

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def read_rules_file(name: str, directory: Path | None = None) -> tuple[dict[str, Any], str]:
    """The file's top level (checked for version and jurisdiction) and a hash of its bytes."""
    path = rules_dir(directory) / name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesInvalid(f"{name}: {exc}") from exc
    if not isinstance(raw, dict):
        raise RulesInvalid(f"{name}: the file must be a mapping")
    if not isinstance(raw.get("version"), int) or raw["version"] < 1:
        raise RulesInvalid(f"{name}: needs 'version' (a whole number from 1)")
    if raw.get("jurisdiction") != "PK":
        raise RulesInvalid(f"{name}: needs 'jurisdiction: PK'")
    return raw, files_digest([path])


def check_keys(raw: Any, required: set[str], optional: set[str], where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise RulesInvalid(f"{where}: each entry is a mapping")
    missing = required - set(raw)
    if missing:
        raise RulesInvalid(f"{where}: missing {sorted(missing)}")
    unknown = set(raw) - required - optional
    if unknown:
        raise RulesInvalid(f"{where}: unknown keys {sorted(unknown)}")
    return raw


def check_entry_id(value: Any, seen: set[str], where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise RulesInvalid(f"{where}: 'id' is lower_case_with_underscores")
    if value in seen:
        raise RulesInvalid(f"{where}: id {value!r} is used twice")
    seen.add(value)
    return value


def check_source(raw: dict[str, Any], where: str) -> tuple[str, str]:
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise RulesInvalid(f"{where}: every entry cites its source")
    if raw.get("certainty") not in CERTAINTIES:
        raise RulesInvalid(f"{where}: certainty must be one of {sorted(CERTAINTIES)}")
    return source.strip(), str(raw["certainty"])


def check_text(value: Any, where: str, urdu: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesInvalid(f"{where}: text is required")
    if urdu and not any("\u0600" <= ch <= "\u06ff" for ch in value):
        raise RulesInvalid(f"{where}: must be written in Urdu script")
    return value.strip()
