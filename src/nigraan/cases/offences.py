"""Offences (for charges) and closure reasons, from rules/offences.yaml and rules/closure.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from nigraan.cases.rules import DEFAULT_DIR, RulesInvalid


@dataclass(frozen=True)
class Offence:
    code: str
    law: str
    section: str
    title: str
    capital: bool = (
        False  # punishable with death (PPC 364-A, 376): statutory bail after 2 years, not 1
    )


@lru_cache(maxsize=1)
def offences() -> dict[str, Offence]:
    raw = yaml.safe_load((DEFAULT_DIR / "offences.yaml").read_text(encoding="utf-8"))
    found: dict[str, Offence] = {}
    for item in raw.get("offences", []):
        if set(item) - {"capital"} != {"code", "law", "section", "title"} or not str(
            item["code"]
        ).startswith("PK."):
            raise RulesInvalid(f"offences.yaml: bad entry {item!r}")
        if item["code"] in found:
            raise RulesInvalid(f"offences.yaml: code {item['code']} used twice")
        found[item["code"]] = Offence(
            str(item["code"]),
            str(item["law"]),
            str(item["section"]),
            str(item["title"]),
            bool(item.get("capital", False)),
        )
    return found


@lru_cache(maxsize=1)
def closure_reasons() -> dict[str, str]:
    raw = yaml.safe_load((DEFAULT_DIR / "closure.yaml").read_text(encoding="utf-8"))
    reasons = {str(r["code"]): str(r["title"]) for r in raw.get("reasons", [])}
    if not reasons:
        raise RulesInvalid("closure.yaml: no reasons")
    return reasons
