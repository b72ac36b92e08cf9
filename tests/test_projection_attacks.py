"""An insider with the database changes the stored case records with raw SQL, triggers left in
place, the way issue 9 found it done on a demo site. Each attack must be caught: ``nigraan
ledger verify`` fails naming the case, table and field, and the worker's re-check raises the
integrity alarm (once) and puts a banner on the case's page. ``nigraan ledger repair
--from-ledger`` puts the records back from the events, as an administrator's recorded act.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from nigraan import tasks
from nigraan.cases import commands
from nigraan.cases.list_columns import COLUMNS as LIST_COLUMNS
from nigraan.cases.models import Case
from nigraan.cases.projection_check import check_cases
from nigraan.cases.sweep import sweep
from nigraan.ledger.models import Event, ProjectionAlarm
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.notify.models import StaffNotice
from personas import Personas

pytestmark = pytest.mark.django_db


def _sql(statement: str, params: list) -> None:
    """The insider's raw SQL, through the real connection, against the real tables."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def crew(personas: Personas) -> Personas:
    return personas.ensure("op", "sup", "cw", "police", "admin", "oversight")


@pytest.fixture
def kasur_case(crew: Personas, fixed_clock, settings) -> str:
    """A missing child reported in Kasur: triaged, assigned, a suspect arrested, and a missed
    deadline escalated once; the ledger signed. Nothing tampered yet."""
    settings.NIGRAAN_PROJECTION_CHECK_SHARE = 1.0  # the worker re-checks every case each round
    case = commands.open_case(
        crew["op"], channel="helpline", category="missing_child", district_code="PK614"
    )
    fixed_clock.advance(minutes=20)
    commands.record_stage(crew["sup"], case.ref, stage="triaged")
    commands.assign_case(crew["sup"], case.ref, owner_username="cw.kasur")
    commands.add_accused(crew["police"], case.ref, relation="stranger")
    commands.record_custody(crew["police"], case.ref, number=1, custody="arrested", basis="s. 54")
    fixed_clock.advance(hours=3)
    assert sweep() >= 1  # the missing child's FIR deadline was missed: escalated
    sequence_and_sign()
    assert check_cases(None).mismatches == []
    return case.ref


def _verify_fails(capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger", "verify")
    assert exit_info.value.code == 1
    return capsys.readouterr().err


def _custody_to_released(ref: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT accused FROM cases_case WHERE ref = %s", [ref])
        stored = cursor.fetchone()[0]
    accused = json.loads(stored) if isinstance(stored, str) else stored
    accused[0]["custody"] = "released"
    value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    statement = f"UPDATE cases_case SET accused = {value} WHERE ref = %s"
    _sql(statement, [json.dumps(accused), ref])


def _close(ref: str) -> None:
    _sql("UPDATE cases_case SET is_open = %s, stage = 'closed' WHERE ref = %s", [False, ref])


def _move(ref: str) -> None:
    _sql("UPDATE cases_case SET district_id = 'PK617' WHERE ref = %s", [ref])  # to Lahore


def _unassign(ref: str) -> None:
    _sql("UPDATE cases_case SET owner_id = NULL WHERE ref = %s", [ref])


def _delete_deadlines(ref: str) -> None:
    _sql(
        "DELETE FROM cases_deadline WHERE case_id = (SELECT id FROM cases_case WHERE ref = %s)",
        [ref],
    )


def _list_column(column: str, value: object) -> Callable[[str], None]:
    """The case row's list columns (cases.list_columns) set by hand: what the summary and the
    lists count, e.g. an escalated case hidden from "Escalated"."""

    def tamper(ref: str) -> None:
        _sql(f"UPDATE cases_case SET {column} = %s WHERE ref = %s", [value, ref])

    return tamper


# attack → the words verify must print: table, field and (where shown) the values.
ATTACKS: dict[str, tuple[Callable[[str], None], str]] = {
    "close": (
        _close,
        "table cases_case, field stage: stored 'closed', replayed from the ledger 'assigned'",
    ),
    "move_district": (
        _move,
        "table cases_case, field district: stored 'PK617', replayed from the ledger 'PK614'",
    ),
    "remove_owner": (
        _unassign,
        "table cases_case, field owner: stored nothing (NULL), replayed from the ledger 'cw.kasur'",
    ),
    "delete_deadlines": (_delete_deadlines, "table cases_deadline, field "),
    "edit_custody": (
        _custody_to_released,
        "table cases_case, field accused[0].custody: stored 'released', replayed from the "
        "ledger 'arrested'",
    ),
    "hide_escalation": (
        _list_column("escalated", False),
        "table cases_case, field escalated: stored False, replayed from the ledger True",
    ),
    "hide_overdue": (
        _list_column("next_due_at", None),
        "table cases_case, field next_due_at: stored nothing (NULL), replayed from the ledger 20",
    ),
    "mark_released": (
        _list_column("accused_released", True),
        "table cases_case, field accused_released: stored True, replayed from the ledger False",
    ),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_raw_sql_on_a_case_fails_verify_naming_case_table_and_field(kasur_case, attack, capsys):
    """caught by: verify (projections)."""
    call_command("ledger", "verify")
    assert "projections verified: 1 cases" in capsys.readouterr().out
    tamper, named = ATTACKS[attack]
    tamper(kasur_case)
    problem = _verify_fails(capsys)
    assert "PROJECTIONS DIFFER FROM THE LEDGER" in problem
    assert f"case {kasur_case}: {named}" in problem, problem
    # The ledger-only check cannot see it: that is exactly the hole this closes.
    call_command("ledger", "verify", "--ledger-only")
    assert "projections not checked" in capsys.readouterr().out


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_the_worker_raises_the_alarm_once_and_the_case_page_shows_a_banner(
    kasur_case, crew, attack, caplog
):
    """caught by: the worker's projection re-check (integrity alarm and banner)."""
    tamper, named = ATTACKS[attack]
    tamper(kasur_case)
    with caplog.at_level(logging.CRITICAL, logger="nigraan.security"):
        first = tasks.run("check_projections")
        second = tasks.run("check_projections")
    assert first["alarms"] == 1 and second["alarms"] == 0  # once, not at every round
    told = StaffNotice.objects.filter(case=None, kind="integrity_projection")
    assert sorted(told.values_list("staff__username", flat=True)) == ["admin", "oversight.punjab"]
    field = named.split("field ")[1].split(":")[0]
    assert all(kasur_case in n.text and field.split("[")[0] in n.text for n in told)
    lines = [r.getMessage() for r in caplog.records if r.name == "nigraan.security"]
    assert any("INTEGRITY ALARM" in line and kasur_case in line for line in lines), lines
    shown = [line.replace("accused_released", "the field") for line in lines]  # its name only
    assert not any("released" in line or "PK617" in line for line in shown)  # no stored value
    client = Client()
    client.force_login(crew["admin"])
    page = client.get(f"/en/staff/cases/{kasur_case}/").content.decode()
    assert 'id="integrity-alarm"' in page and "differs from the ledger" in page
    assert field.split("[")[0] in page
    urdu = client.get(f"/ur/staff/cases/{kasur_case}/").content.decode()
    assert 'id="integrity-alarm"' in urdu and "لیجر" in urdu


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_repair_from_the_ledger_restores_the_records_as_a_recorded_act(
    kasur_case, crew, attack, capsys
):
    """caught by: verify (projections); undone by: ledger repair --from-ledger."""
    before = {
        f.name: getattr(Case.objects.get(ref=kasur_case), f.attname) for f in Case._meta.fields
    }
    ATTACKS[attack][0](kasur_case)
    tasks.run("check_projections")
    call_command(
        "ledger",
        "repair",
        "--from-ledger",
        kasur_case,
        "--by",
        "admin",
        "--reason",
        "raw SQL found",
    )
    assert "rebuilt from its events" in capsys.readouterr().out
    call_command("ledger", "verify")
    assert "projections verified" in capsys.readouterr().out
    repaired = Event.objects.filter(case_ref=kasur_case, kind="case.projection_repaired").get()
    assert repaired.actor == "admin" and repaired.data["reason"] == "raw SQL found"
    assert repaired.data["differences"] and all("." in d for d in repaired.data["differences"])
    after = Case.objects.get(ref=kasur_case)
    for name in ("stage", "is_open", "district", "owner", "accused", *LIST_COLUMNS):
        assert getattr(after, Case._meta.get_field(name).attname) == before[name]
    assert after.deadlines.count() >= 1
    tasks.run("check_projections")  # the next round finds it equal: the banner goes
    assert not ProjectionAlarm.objects.filter(case_ref=kasur_case, cleared_at__isnull=True)


def test_repair_is_refused_to_anyone_but_an_administrator(kasur_case, crew):
    _close(kasur_case)
    with pytest.raises(CommandError, match="administrators only"):
        call_command(
            "ledger", "repair", "--from-ledger", kasur_case, "--by", "sup.kasur", "--reason", "x"
        )
    assert not Event.objects.filter(kind="case.projection_repaired").exists()
    assert check_cases([kasur_case]).mismatches  # still differs: nothing was half-done


def test_a_case_row_without_events_and_events_without_a_row_are_named(kasur_case, crew, capsys):
    """caught by: verify (projections)."""
    _sql(
        "INSERT INTO cases_case (ref, channel, category, stage, is_open, victim_age_band, "
        "victim_gender, opened_at, updated_at, report, protected, note_count, accused, charges, "
        "flagged_for_oversight, referrals, court, is_shredded, last_seq, legal_basis_recorded) "
        "SELECT 'NGR-FAKE0001', "
        "channel, category, stage, is_open, victim_age_band, victim_gender, opened_at, "
        "updated_at, report, protected, 0, accused, charges, flagged_for_oversight, referrals, "
        "court, is_shredded, 0, legal_basis_recorded FROM cases_case WHERE ref = %s",
        [kasur_case],
    )
    problem = _verify_fails(capsys)
    assert (
        "case NGR-FAKE0001: table cases_case, field row: stored a row, replayed from the ledger "
        "no events" in problem
    )


def test_a_clean_demo_sized_ledger_verifies_with_its_projections(geography, capsys):
    """No false alarm: the demo's 300 cases (and its 2 alert cases), with every stage, accused
    and deadline it makes."""
    from nigraan.web.demo.load import load_demo

    load_demo()
    call_command("ledger", "verify")
    out = capsys.readouterr().out
    assert "ledger verified" in out and "projections verified: 302 cases" in out
    assert tasks.run("check_projections")["differ"] == 0


def test_a_deadline_s_level_or_next_escalation_changed_is_named(kasur_case, capsys):
    """caught by: verify (projections). Resetting the escalation level, or pushing the next
    escalation away, would silence the chain of people told."""
    case_id = "(SELECT id FROM cases_case WHERE ref = %s)"
    _sql(
        f"UPDATE cases_deadline SET level = 0 WHERE level > 0 AND case_id = {case_id}", [kasur_case]
    )
    problem = _verify_fails(capsys)
    assert (
        f"case {kasur_case}: table cases_deadline, field missing_child_fir.level: stored 0, "
        "replayed from the ledger 1" in problem
    )


def test_a_deadline_row_under_other_rules_is_checked_for_its_level_and_said(kasur_case, capsys):
    """Rows made under other deadline rules keep the times of their day until the case's next
    event: verify compares their level only, and says how many there are."""
    case_id = "(SELECT id FROM cases_case WHERE ref = %s)"
    _sql(
        f"UPDATE cases_deadline SET rules_version = 'v0:older' WHERE case_id = {case_id}",
        [kasur_case],
    )
    call_command("ledger", "verify")
    out = capsys.readouterr().out
    assert "projections verified" in out and "made under other deadline rules" in out


def test_the_check_reads_every_field_of_a_case_s_state():
    """A field added to CaseState but not read by the check would be compared against its
    default: a false alarm on every case that has it (seen when the legal basis was added)."""
    from dataclasses import fields

    from nigraan.cases.projection import CaseState
    from nigraan.cases.projection_compare import CASE_COLUMNS

    assert len(CASE_COLUMNS) == len(fields(CaseState))
