"""Offences (for charges) and closure reasons, from rules/offences.yaml and rules/closure.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from django.utils import translation

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
def _closure_rules() -> list[dict[str, str]]:
    raw = yaml.safe_load((DEFAULT_DIR / "closure.yaml").read_text(encoding="utf-8"))
    reasons = [{str(k): str(v) for k, v in r.items()} for r in raw.get("reasons", [])]
    if not reasons:
        raise RulesInvalid("closure.yaml: no reasons")
    for reason in reasons:
        if not {"code", "title"} <= set(reason) <= {"code", "title", "title_ur"}:
            raise RulesInvalid(f"closure.yaml: bad entry {reason!r}")
    return reasons


@lru_cache(maxsize=1)
def closure_reasons() -> dict[str, str]:
    """Every closing code and its English title (the codes the commands accept)."""
    return {r["code"]: r["title"] for r in _closure_rules()}


def closure_reason_title(code: str) -> str:
    """A closing code's title in the page's language (the Urdu is in rules/closure.yaml); an
    unknown code is shown as it is."""
    for reason in _closure_rules():
        if reason["code"] == code:
            if translation.get_language() == "ur" and reason.get("title_ur"):
                return reason["title_ur"]
            return reason["title"]
    return code


def closure_reason_titles(code: str) -> tuple[str, str]:
    """A closing code's (English, Urdu) titles; an unknown code stands for both."""
    for reason in _closure_rules():
        if reason["code"] == code:
            return reason["title"], reason.get("title_ur", "")
    return code, ""


def closure_reason_choices() -> list[tuple[str, str]]:
    """(code, title in the page's language) for the closing form, in code order."""
    return [(code, closure_reason_title(code)) for code in sorted(closure_reasons())]
