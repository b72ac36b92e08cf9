"""The outlets press monitoring reads (``rules/outlets.yaml``): name, language, feed addresses, an
optional news sitemap, and politeness (the least delay between two requests to one host, the most
article pages per run, the timeout). Validated like the other rules files: a version, the
jurisdiction, and ``OutletsInvalid`` (a ``RulesInvalid``) naming the file and the outlet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from nigraan.alerts.rules_files import check_keys, read_rules_file
from nigraan.cases.rules import RulesInvalid

FILE = "outlets.yaml"
LANGUAGES = {"en", "ur"}
# Bounds a deployment may set politeness within: never faster than a request a second to one
# host, never more than 500 pages of one outlet in a run, never wait more than two minutes.
MIN_DELAY_RANGE = (1.0, 3600.0)
MAX_PAGES_RANGE = (1, 500)
TIMEOUT_RANGE = (1.0, 120.0)
_POLITENESS_KEYS = {"min_delay_seconds", "max_pages_per_run", "timeout_seconds"}


class OutletsInvalid(RulesInvalid):
    """outlets.yaml is wrong; the message names the file and the outlet."""


@dataclass(frozen=True)
class Politeness:
    min_delay_seconds: float
    max_pages_per_run: int
    timeout_seconds: float


@dataclass(frozen=True)
class Outlet:
    name: str
    language: str
    feeds: tuple[str, ...]
    sitemap: str | None
    politeness: Politeness
    enabled: bool
    note: str

    @property
    def sources(self) -> tuple[str, ...]:
        """Every address that lists articles: the feeds, then the sitemap."""
        return self.feeds + ((self.sitemap,) if self.sitemap else ())


@dataclass(frozen=True)
class Outlets:
    version: int
    digest: str
    user_agent: str
    outlets: tuple[Outlet, ...]

    def enabled(self, name: str | None = None) -> list[Outlet]:
        """The outlets to read: every enabled one, or the one named (enabled or not: naming an
        outlet is how an operator checks a switched-off one). Raises KeyError for a name that is
        not in the file."""
        if name is None:
            return [outlet for outlet in self.outlets if outlet.enabled]
        for outlet in self.outlets:
            if outlet.name.casefold() == name.strip().casefold():
                return [outlet]
        raise KeyError(f"no outlet named {name!r} in {FILE}")


def _web_address(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise OutletsInvalid(f"{where}: an address is a non-empty string")
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise OutletsInvalid(f"{where}: {value!r} is not an http(s) address")
    return value.strip()


def _number(raw: dict[str, Any], key: str, bounds: tuple[float, float], where: str) -> float:
    value = raw[key]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise OutletsInvalid(f"{where}: {key} is a number")
    low, high = bounds
    if not low <= value <= high:
        raise OutletsInvalid(f"{where}: {key} must be from {low:g} to {high:g}")
    return float(value)


def _politeness(raw: Any, defaults: Politeness | None, where: str) -> Politeness:
    if raw is None and defaults is not None:
        return defaults
    required = set() if defaults else _POLITENESS_KEYS
    raw = check_keys(raw, required, _POLITENESS_KEYS - required, f"{where} politeness")
    merged = {**(defaults.__dict__ if defaults else {}), **raw}
    return Politeness(
        _number(merged, "min_delay_seconds", MIN_DELAY_RANGE, where),
        int(_number(merged, "max_pages_per_run", MAX_PAGES_RANGE, where)),
        _number(merged, "timeout_seconds", TIMEOUT_RANGE, where),
    )


def _outlet(raw: Any, number: int, defaults: Politeness, seen: dict[str, set[str]]) -> Outlet:
    where = f"{FILE}: outlet #{number}"
    raw = check_keys(
        raw, {"name", "language", "feeds"}, {"sitemap", "politeness", "enabled", "note"}, where
    )
    name = raw["name"]
    if not isinstance(name, str) or not name.strip():
        raise OutletsInvalid(f"{where}: name is required")
    name = name.strip()
    where = f"{FILE}: outlet #{number} ({name})"
    if name.casefold() in seen["names"]:
        raise OutletsInvalid(f"{where}: the name is used twice")
    seen["names"].add(name.casefold())
    if raw["language"] not in LANGUAGES:
        raise OutletsInvalid(f"{where}: language must be one of {sorted(LANGUAGES)}")
    if not isinstance(raw["feeds"], list):
        raise OutletsInvalid(f"{where}: feeds is a list of addresses (it may be empty)")
    feeds = tuple(_web_address(feed, f"{where} feeds") for feed in raw["feeds"])
    sitemap = raw.get("sitemap")
    sitemap = None if sitemap is None else _web_address(sitemap, f"{where} sitemap")
    if not feeds and not sitemap:
        raise OutletsInvalid(f"{where}: needs at least one feed or a sitemap")
    for address in (*feeds, *([sitemap] if sitemap else [])):
        if address in seen["addresses"]:
            raise OutletsInvalid(f"{where}: {address} is listed twice")
        seen["addresses"].add(address)
    enabled = raw.get("enabled", True)
    if not isinstance(enabled, bool):
        raise OutletsInvalid(f"{where}: enabled is true or false")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise OutletsInvalid(f"{where}: note is text")
    politeness = _politeness(raw.get("politeness"), defaults, where)
    return Outlet(name, raw["language"], feeds, sitemap, politeness, enabled, note.strip())


def load_outlets(directory: Path | None = None) -> Outlets:
    """Read and check outlets.yaml (in ``directory``, ``NIGRAAN_RULES_DIR`` or the shipped
    rules); raises OutletsInvalid naming the file and the outlet."""
    try:
        return _read(directory)
    except OutletsInvalid:
        raise
    except RulesInvalid as error:  # the shared checks (version, keys) raise the general kind
        raise OutletsInvalid(str(error)) from error


def _read(directory: Path | None) -> Outlets:
    raw, digest = read_rules_file(FILE, directory)
    check_keys(raw, {"version", "jurisdiction", "user_agent", "defaults", "outlets"}, set(), FILE)
    agent = raw["user_agent"]
    if not isinstance(agent, str) or "nigraan" not in agent.casefold():
        raise OutletsInvalid(f"{FILE}: user_agent must name the project (Nigraan)")
    defaults = _politeness(raw["defaults"], None, f"{FILE}: defaults")
    if not isinstance(raw["outlets"], list) or not raw["outlets"]:
        raise OutletsInvalid(f"{FILE}: 'outlets' is a list of at least one outlet")
    seen: dict[str, set[str]] = {"names": set(), "addresses": set()}
    outlets = tuple(
        _outlet(entry, number, defaults, seen) for number, entry in enumerate(raw["outlets"], 1)
    )
    return Outlets(raw["version"], digest, agent.strip(), outlets)
