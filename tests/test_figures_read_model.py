"""The figures read model (stats/read_model.py): releases counted through it are the counts of
every ledger event, however the events arrive between refreshes; it never holds a protected
value; and an altered row cannot change published figures unnoticed — ``nigraan ledger verify``
names the case, ``nigraan figures check`` names a published cell that is not the ledger's
recount, and ``nigraan figures rebuild`` puts it right."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from figures_histories import case, write_case
from nigraan.ledger.append import append_event
from nigraan.ledger.models import Event
from nigraan.ledger.verify import verify_ledger
from nigraan.stats.compute import Counts, count_period
from nigraan.stats.measures import current_figures
from nigraan.stats.models import CaseFigures, CaseMonth, FiguresCursor
from nigraan.stats.month_counts import usable
from nigraan.stats.publish import publish
from nigraan.stats.read_model import check_read_model, refresh
from nigraan.stats.release import Period

PLACES = [("PK614", "PK6"), ("PK617", "PK6"), ("PK701", "PK7")]


def _plain(counts: Counts) -> tuple[dict, dict]:
    atoms = {m: dict(c) for m, c in counts.atoms.items() if c}
    durations = {
        m: {atom: sorted(days) for atom, days in by_atom.items()}
        for m, by_atom in counts.durations.items()
        if by_atom
    }
    return atoms, durations


@pytest.mark.slow
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    rounds=st.lists(st.lists(case, min_size=1, max_size=5), min_size=1, max_size=3),
    refresh_between=st.lists(st.booleans(), min_size=3, max_size=3),
    last=st.sampled_from(["2025-12", "2026-01", "2026-02", "2026-03"]),
)
def test_counts_through_the_read_model_are_the_counts_of_every_ledger_event(
    db, rounds, refresh_between, last
):
    """Cases written in rounds, the read model brought up to date between some of them (so rows
    are folded from nothing and extended later): every measure's atoms and durations, for a
    month (summed from the month counts) and for twelve months, equal those of the pass over
    every ledger event, and so do those folded from the read model's histories."""
    first = Event.objects.count()
    for index, batch in enumerate(rounds):
        with transaction.atomic():
            for number, history in enumerate(batch):
                write_case(first + 10 * index + number, history)
        if refresh_between[index]:
            refresh()
    figures = current_figures()
    for months in (Period.parse(f"month:{last}").months, Period.parse(f"rolling:{last}").months):
        through_model = _plain(count_period(figures, months))
        from_ledger = _plain(count_period(figures, months, source="ledger"))
        assert through_model == from_ledger
        # the fold of the read model's histories (what a month used before its month counts)
        assert _plain(count_period(figures, months, source="histories")) == from_ledger
    check_read_model()  # every row is the fold of its ledger events


def _cases(count: int) -> None:
    with transaction.atomic():
        for number in range(count):
            history = ("web", "sexual_abuse", PLACES[number % 3], "5-9", "female", 45, [])
            write_case(number, history)


def _move_to_another_district(ref: str) -> None:
    """What an insider with the database could do: report a Kasur case as Lahore's."""
    row = CaseFigures.objects.get(case_ref=ref)
    history = json.loads(row.history)
    history[0][3]["district"] = "PK617"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE stats_casefigures SET district = %s, history = %s WHERE case_ref = %s",
            ["PK617", json.dumps(history, separators=(",", ":"), sort_keys=True), ref],
        )
        # and its month counts, which a month's release sums (stats/month_counts.py)
        cursor.execute(
            "UPDATE stats_casemonth SET atoms = REPLACE(atoms, %s, %s) WHERE case_ref = %s",
            ['"PK614"', '"PK617"', ref],
        )


@pytest.mark.django_db
def test_an_altered_read_model_row_fails_ledger_verify_naming_the_case():
    _cases(9)
    refresh()
    assert verify_ledger().ok
    _move_to_another_district("NGR-F000000")
    report = verify_ledger()
    assert not report.ok
    assert "figures read model, case NGR-F000000" in report.problem
    call_command("figures", "rebuild")
    assert verify_ledger().ok


@pytest.mark.django_db
def test_altered_month_counts_fail_ledger_verify_naming_the_case():
    _cases(9)
    refresh()
    assert CaseMonth.objects.filter(case_ref="NGR-F000000").exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE stats_casemonth SET atoms = REPLACE(atoms, %s, %s) WHERE case_ref = %s",
            ['"PK614"', '"PK617"', "NGR-F000000"],
        )
    report = verify_ledger()
    assert not report.ok
    assert "figures read model, case NGR-F000000: its month counts differ" in report.problem
    call_command("figures", "rebuild")
    assert verify_ledger().ok
    CaseMonth.objects.filter(case_ref="NGR-F000003").delete()
    assert "case NGR-F000003: its month counts differ" in verify_ledger().problem


@pytest.mark.django_db
def test_month_counts_are_computed_again_when_the_rules_change():
    """Rows computed under other rules are not read; the next refresh computes every row again
    from the read model's histories, the same rows as folding gave."""
    _cases(12)
    refresh()
    folded = list(CaseMonth.objects.order_by("case_ref", "month").values_list())
    assert folded
    FiguresCursor.objects.filter(pk=1).update(counts_digest="figures under older rules")
    assert not usable(current_figures())
    refresh()
    assert usable(current_figures())
    again = list(CaseMonth.objects.order_by("case_ref", "month").values_list())
    assert [row[1:] for row in again] == [row[1:] for row in folded]
    check_read_model()


@pytest.mark.django_db
def test_a_release_published_from_an_altered_row_is_named_by_figures_check(capsys):
    """Altered, published, put back: verify passes again, the recount of the ledger does not."""
    _cases(30)
    publish(Period.parse("month:2026-01"))
    call_command("figures", "check")
    assert "Every published figure is the ledger's recount" in capsys.readouterr().out

    refresh()
    for number in range(0, 30, 3):  # ten Kasur cases reported as Lahore's
        _move_to_another_district(f"NGR-F{number:06d}")
    publish(Period.parse("month:2026-01"), correction_note="a correction that is not one")
    call_command("figures", "rebuild")
    assert verify_ledger().ok
    with pytest.raises(CommandError, match="differ from a recount"):
        call_command("figures", "check", "--period", "month:2026-01")
    assert "reports_received" in capsys.readouterr().err


@pytest.mark.django_db
def test_the_read_model_never_holds_a_protected_value():
    _cases(1)
    secret = "enc1:c2VjcmV0LW5hbWU="
    with transaction.atomic():
        data = {"field": "victim_name", "value": secret, "reason": "spelling"}
        append_event(case_ref="NGR-F000000", kind="case.field_corrected", actor="t", data=data)
    refresh()
    row = CaseFigures.objects.get(case_ref="NGR-F000000")
    assert secret not in row.history
    assert [event[3] for event in json.loads(row.history)][-1] == {"field": "victim_name"}
    opened = json.loads(row.history)[0][3]
    assert "protected" not in opened and "report" not in opened
