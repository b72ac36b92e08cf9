"""Disclosure control, proven on random tables, hierarchies and releases: no small count is shown,
zero stays zero, and an independent attacker (tests/figures_attacker.py, an integer-programming
solver over every possible ledger) cannot narrow any small count below the protection width —
not within a table, not across a province and its districts, not across the tables of a measure,
not across two consecutive rolling releases."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures_attacker import intervals
from nigraan.stats.cells import AtomSpace, Geography, ReleaseSpec, TableSpec
from nigraan.stats.disclosure import NOT_PUBLISHED, SHOWN, SMALL, UNDER_SMALL, protect

UNIVERSE = {"a": ["a1", "a2", "a3"], "b": ["b1", "b2"]}
COUNTS = st.sampled_from([0, 0, 0, 0, 1, 1, 2, 3, 4, 5, 6, 9, 14, 30])
SLOW = settings(
    max_examples=int(__import__("os").environ.get("FIGURES_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@st.composite
def geographies(draw) -> Geography:
    parent = {}
    for p in range(draw(st.integers(1, 3))):
        parent[f"P{p}"] = "N"
        for d in range(draw(st.integers(1, 3))):
            parent[f"P{p}D{d}"] = f"P{p}"
    return Geography("N", parent)


def _districts(geography: Geography) -> list[str]:
    return sorted(a for a in geography.parent if a not in geography.children)


@st.composite
def worlds(draw, months: tuple[str, ...]) -> tuple[Geography, AtomSpace]:
    geography = draw(geographies())
    counts = {}
    for district in _districts(geography):
        for month in months:
            for combo in itertools.product(UNIVERSE["a"], UNIVERSE["b"]):
                value = draw(COUNTS)
                if value:
                    counts[(district, month, combo)] = value
    return geography, AtomSpace("m", ("a", "b"), counts)


def release(key: str, months: tuple[str, ...], crossed: bool) -> ReleaseSpec:
    columns = {
        TableSpec("m", ()): ((),),
        TableSpec("m", ("a",)): tuple((v,) for v in UNIVERSE["a"]),
        TableSpec("m", ("b",)): tuple((v,) for v in UNIVERSE["b"]),
    }
    if crossed:
        columns[TableSpec("m", ("a", "b"))] = tuple(itertools.product(UNIVERSE["a"], UNIVERSE["b"]))
    if len(months) > 1:
        columns[TableSpec("m", ("month",))] = tuple((m,) for m in months)
    return ReleaseSpec(key, frozenset(months), columns)


def _published(outcome) -> dict:
    return {
        cell: (status, outcome.values[cell] if status == SHOWN else None)
        for cell, status in outcome.statuses.items()
    }


def _check_labels(outcome, keys, threshold: int) -> None:
    for cell, status in outcome.statuses.items():
        if cell[0] not in keys:
            continue
        value = outcome.values[cell]
        if status == SHOWN:
            assert not 1 <= value <= threshold, f"{cell} shows a small count {value}"
        if value == 0:
            assert status in (SHOWN, UNDER_SMALL, NOT_PUBLISHED), f"zero at {cell} is {status}"
        if status == SMALL:
            assert 1 <= value <= threshold


def _attack(geography, space, releases, outcome, threshold, protection) -> None:
    targets = [
        cell
        for cell, status in outcome.statuses.items()
        if status == SMALL or (status == UNDER_SMALL and outcome.values[cell] > 0)
    ]
    found = intervals(geography, space, releases, _published(outcome), UNIVERSE, threshold, targets)
    for cell, (low, high) in found.items():
        value = outcome.values[cell]
        assert low <= value <= high, f"the attacker's bounds exclude the truth at {cell}"
        assert high - low >= protection, (
            f"{cell} (value {value}) is narrowed to {low}..{high} by the published figures"
        )


@SLOW
@given(
    world=worlds(("2026-01",)),
    threshold=st.integers(1, 5),
    protection=st.integers(1, 2),
    crossed=st.booleans(),
)
def test_no_small_count_is_shown_or_recoverable_within_a_release(
    world, threshold, protection, crossed
):
    geography, space = world
    monthly = release("month:2026-01", ("2026-01",), crossed)
    outcome = protect(
        geography, {"m": space}, [monthly], threshold=threshold, protection=protection
    )
    _check_labels(outcome, {monthly.key}, threshold)
    _attack(geography, space, [monthly], outcome, threshold, protection)


@SLOW
@given(
    window=st.integers(2, 3),
    data=st.data(),
    threshold=st.integers(2, 4),
)
def test_two_consecutive_rolling_releases_together_reveal_no_small_count(window, data, threshold):
    months = tuple(f"2026-{n:02d}" for n in range(1, window + 2))
    geography, space = data.draw(worlds(months))
    before = release(f"rolling:{months[-2]}", months[:-1], False)
    after = release(f"rolling:{months[-1]}", months[1:], False)
    first = protect(geography, {"m": space}, [before], threshold=threshold, protection=1)
    second = protect(
        geography,
        {"m": space},
        [after],
        threshold=threshold,
        protection=1,
        previous=[(before, first.statuses)],
    )
    kept = {cell: s for cell, s in second.statuses.items() if cell[0] == before.key}
    assert kept == {cell: s for cell, s in first.statuses.items()}, "a release was changed"
    _check_labels(second, {after.key}, threshold)
    _attack(geography, space, [before, after], second, threshold, 1)


@SLOW
@given(data=st.data(), threshold=st.integers(2, 4))
def test_a_month_and_its_window_published_together_with_the_previous_window_reveal_nothing(
    data, threshold
):
    """The month's own tables, the window ending with it, and the previous window: the month
    minus the difference of the windows is the month that left; none of it gives a small count
    away."""
    months = ("2026-01", "2026-02", "2026-03")
    geography, space = data.draw(worlds(months))
    before = release("rolling:2026-02", months[:2], False)
    monthly = release("month:2026-03", months[2:], False)
    after = release("rolling:2026-03", months[1:], False)
    first = protect(geography, {"m": space}, [before], threshold=threshold, protection=1)
    both = protect(
        geography,
        {"m": space},
        [monthly, after],
        threshold=threshold,
        protection=1,
        previous=[(before, first.statuses)],
    )
    _check_labels(both, {monthly.key, after.key}, threshold)
    _attack(geography, space, [before, monthly, after], both, threshold, 1)


def test_the_same_figures_always_get_the_same_pattern():
    geography = Geography("N", {"P0": "N", "P0D0": "P0", "P0D1": "P0", "P0D2": "P0"})
    counts = {
        ("P0D0", "2026-01", ("a1", "b1")): 2,
        ("P0D0", "2026-01", ("a2", "b1")): 9,
        ("P0D1", "2026-01", ("a1", "b2")): 7,
        ("P0D1", "2026-01", ("a3", "b1")): 12,
        ("P0D2", "2026-01", ("a2", "b2")): 8,
        ("P0D2", "2026-01", ("a1", "b1")): 6,
    }
    space = AtomSpace("m", ("a", "b"), counts)
    monthly = release("month:2026-01", ("2026-01",), False)
    runs = [protect(geography, {"m": space}, [monthly], threshold=4, protection=1) for _ in "ab"]
    assert runs[0].statuses == runs[1].statuses
    small = ("month:2026-01", TableSpec("m", ("a",)), "P0D0", ("a1",))
    assert runs[0].statuses[small] == SMALL
    hidden = [cell for cell, status in runs[0].statuses.items() if status == "withheld"]
    assert len(hidden) >= 3, "a small count alone in its row and column needs three partners"


@pytest.mark.parametrize("threshold", [4, 10])
def test_a_larger_threshold_hides_more(threshold):
    geography = Geography("N", {"P0": "N", "P0D0": "P0", "P0D1": "P0"})
    counts = {("P0D0", "2026-01", ("a1", "b1")): 7, ("P0D1", "2026-01", ("a2", "b2")): 20}
    space = AtomSpace("m", ("a", "b"), counts)
    monthly = release("month:2026-01", ("2026-01",), False)
    outcome = protect(geography, {"m": space}, [monthly], threshold=threshold, protection=1)
    district_total = ("month:2026-01", TableSpec("m", ()), "P0D0", ())
    assert outcome.statuses[district_total] == (SHOWN if threshold < 7 else SMALL)


def test_the_attacker_recovers_a_small_count_left_without_complementary_suppression():
    """The attacker is not a formality: with small counts hidden and nothing else, it finds
    them by subtraction."""
    from nigraan.stats.cells import table_values
    from nigraan.stats.disclosure import Outcome, primary_statuses

    geography = Geography("N", {"P0": "N", "P0D0": "P0", "P0D1": "P0"})
    counts = {
        ("P0D0", "2026-01", ("a1", "b1")): 2,
        ("P0D0", "2026-01", ("a2", "b1")): 9,
        ("P0D1", "2026-01", ("a1", "b2")): 7,
        ("P0D1", "2026-01", ("a2", "b2")): 12,
    }
    space = AtomSpace("m", ("a", "b"), counts)
    monthly = release("month:2026-01", ("2026-01",), False)
    values = table_values(geography, [space], monthly)
    statuses = primary_statuses(geography, monthly, values, 4, set())
    naive = Outcome(statuses, values)
    with pytest.raises(AssertionError, match="narrowed to 2..2"):
        _attack(geography, space, [monthly], naive, 4, 1)


LEAKY_WINDOWS = {  # found by search: protected one by one, these two windows leak
    ("P0D0", "2026-01", ("a1", "b1")): 9,
    ("P0D0", "2026-01", ("a1", "b2")): 1,
    ("P0D0", "2026-01", ("a2", "b1")): 9,
    ("P0D0", "2026-01", ("a2", "b2")): 9,
    ("P0D0", "2026-02", ("a1", "b2")): 14,
    ("P0D0", "2026-02", ("a2", "b1")): 5,
    ("P0D0", "2026-02", ("a3", "b1")): 2,
    ("P0D0", "2026-02", ("a3", "b2")): 5,
    ("P0D0", "2026-03", ("a1", "b1")): 9,
    ("P0D0", "2026-03", ("a3", "b1")): 14,
    ("P0D1", "2026-01", ("a1", "b1")): 2,
    ("P0D1", "2026-02", ("a1", "b1")): 2,
    ("P0D1", "2026-02", ("a1", "b2")): 2,
    ("P0D1", "2026-02", ("a2", "b1")): 2,
    ("P0D1", "2026-02", ("a2", "b2")): 9,
    ("P0D1", "2026-02", ("a3", "b1")): 1,
    ("P0D1", "2026-03", ("a1", "b1")): 9,
    ("P0D1", "2026-03", ("a1", "b2")): 14,
    ("P0D1", "2026-03", ("a2", "b1")): 2,
    ("P0D1", "2026-03", ("a3", "b1")): 5,
    ("P0D1", "2026-03", ("a3", "b2")): 9,
}


def test_releases_protected_one_by_one_leak_by_differencing_and_together_do_not():
    """Two overlapping windows (Jan+Feb, Feb+Mar) protected each on its own let the attacker
    recover a small count by combining them; protected with the earlier one given, they do
    not."""
    from nigraan.stats.disclosure import Outcome

    geography = Geography("N", {"P0": "N", "P0D0": "P0", "P0D1": "P0"})
    space = AtomSpace("m", ("a", "b"), LEAKY_WINDOWS)
    before = release("rolling:2026-02", ("2026-01", "2026-02"), False)
    after = release("rolling:2026-03", ("2026-02", "2026-03"), False)
    first = protect(geography, {"m": space}, [before], threshold=4, protection=1)
    alone = protect(geography, {"m": space}, [after], threshold=4, protection=1)
    together = protect(
        geography,
        {"m": space},
        [after],
        threshold=4,
        protection=1,
        previous=[(before, first.statuses)],
    )
    naive = Outcome({**first.statuses, **alone.statuses}, {**first.values, **alone.values})
    with pytest.raises(AssertionError, match="narrowed to"):
        _attack(geography, space, [before, after], naive, 4, 1)
    _attack(geography, space, [before, after], together, 4, 1)
