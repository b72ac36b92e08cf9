"""Whose raw ledger entries a staff member who audits the ledger may read.

A leaf holds a case's header facts (district, category, age band, gender…). Auditors with a
country-wide jurisdiction read every leaf; others (oversight for one province) read the leaves
of the cases their jurisdiction covers and of the chains that are not cases (published figures),
and only the hash of every other leaf — enough to rebuild the tree and check it against a signed
head, nothing of another province's cases (issue 11: oversight for Sindh read Kasur's leaves).

The ledger does not import the cases app: the cases app registers how to find the cases' places
in its ``AppConfig.ready`` (as for the projection check)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from nigraan.accounts.models import JurisdictionLevel, Staff
from nigraan.accounts.permissions import CaseLike, covers
from nigraan.ledger.verify import record_chains

PlaceLookup = Callable[[set[str]], dict[str, CaseLike]]
_lookups: list[PlaceLookup] = []


def register_place_lookup(lookup: PlaceLookup) -> None:
    """``lookup(case_refs)`` answers the cases it knows, by reference, with their place."""
    if lookup not in _lookups:
        _lookups.append(lookup)


def readable_refs(staff: Staff, case_refs: Iterable[str]) -> set[str] | None:
    """The chains among ``case_refs`` whose leaves this person may read whole; None: all."""
    levels = {level for level, _code in staff.jurisdictions.values_list("level", "code")}
    if JurisdictionLevel.COUNTRY in levels:
        return None
    wanted = set(case_refs)
    readable = wanted & record_chains()
    places: dict[str, CaseLike] = {}
    for lookup in _lookups:
        places.update(lookup(wanted - readable))
    readable |= {ref for ref, place in places.items() if covers(staff, place)}
    return readable
