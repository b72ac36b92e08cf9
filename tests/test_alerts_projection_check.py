"""Alert rows checked against the ledger (issue 9 for issue 14's rows): an insider with the
database who hides an active alert (its state set to "cancelled": off the public pages, with no
CAP Cancel and no event), brings back a found one, changes its newest CAP identifier, or deletes
its row is named by `nigraan ledger verify`, and by the worker's re-check with an integrity alarm;
a repair sets the state back. A clean history, with updates, expiry, found, cancel and erasure,
verifies. Raw SQL against the real database, triggers left in place. Synthetic data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from nigraan.alerts import workflow
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.alerts.projection_check import AlertProjectionCheck
from nigraan.ledger.models import ProjectionAlarm
from nigraan.ledger.projection_alarms import recheck_projections
from personas import Personas
from test_alerts_workflow import _open, all_yes, draft_fields

TABLE = "alerts_publishedalert"


@pytest.fixture
def crew(personas: Personas, settings) -> Personas:
    settings.NIGRAAN_PUBLIC_URL = "https://nigraan.example"
    settings.NIGRAAN_ALERT_SENDER = "alerts@nigraan.example"
    return personas.ensure("op", "cw", "sup", "dco", "admin")


def _issued(crew) -> tuple[str, PublishedAlert]:
    ref = _open(crew)
    workflow.draft_alert(crew["cw"], ref, draft_fields())
    return ref, workflow.approve_alert(crew["sup"], ref, all_yes())


def _sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _verify_fails(capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger", "verify")
    assert exit_info.value.code == 1
    return capsys.readouterr().err


@pytest.mark.django_db
def test_a_clean_alert_history_verifies(crew, capsys):
    ref, row = _issued(crew)
    workflow.update_alert(crew["sup"], ref, {"description_en": "Now in a blue frock."})
    workflow.alert_found(crew["cw"], ref)
    other = _open(crew)
    workflow.draft_alert(crew["cw"], other, draft_fields())
    workflow.cancel_alert(crew["sup"], other, "Drafted in error.")
    call_command("ledger", "verify")
    assert "projections verified" in capsys.readouterr().out
    assert AlertProjectionCheck().check(None).mismatches == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("attack", "field", "stored", "replayed"),
    [
        (
            "UPDATE alerts_publishedalert SET state = 'cancelled' WHERE reference = %s",
            "state",
            "cancelled",
            "active",
        ),
        (
            "UPDATE alerts_publishedalert SET cap_identifier = 'NGR-X-1' WHERE reference = %s",
            "cap_identifier",
            "NGR-X-1",
            None,
        ),
        ("DELETE FROM alerts_publishedalert WHERE reference = %s", "row", "missing", None),
    ],
)
def test_an_edited_or_deleted_alert_row_is_named_by_verify_and_the_worker(
    crew,
    capsys,
    attack,
    field,
    stored,
    replayed,
):
    ref, row = _issued(crew)
    _sql(attack, [row.reference])
    problem = _verify_fails(capsys)
    assert f"case {ref}: table {TABLE}, field {field}" in problem and row.reference in problem
    assert f"stored {stored}" in problem
    if replayed is not None:
        assert f"replayed from the ledger {replayed}" in problem
    counts = recheck_projections()
    assert counts["differ"] == 1 and counts["alarms"] == 1
    assert ProjectionAlarm.objects.filter(case_ref=ref, table=TABLE, cleared_at=None).exists()
    assert recheck_projections()["alarms"] == 0  # raised once, not every round


@pytest.mark.django_db
def test_a_repair_sets_the_state_back_and_the_alarm_clears(crew, capsys):
    ref, row = _issued(crew)
    _sql(
        "UPDATE alerts_publishedalert SET state = 'cancelled' WHERE reference = %s", [row.reference]
    )
    assert recheck_projections()["alarms"] == 1
    call_command("ledger", "repair", "--from-ledger", ref, "--by", "admin", "--reason", "r")
    assert PublishedAlert.objects.get(reference=row.reference).state == AlertState.ACTIVE
    assert recheck_projections()["cleared"] == 1
    call_command("ledger", "verify")
