"""The golden ledger: an export made by the code before events were typed (tests/data/golden,
written by make_golden.py there) must still verify, and replaying its events through today's
code must give exactly the projections stored with it. This is the proof that a change to the
event classes, the commands or the projection changed neither the ledger format nor what any
existing ledger means."""

from __future__ import annotations

import base64
import importlib.util
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nigraan.cases import offences, pipeline, rules
from nigraan.cases.deadlines import refresh_deadlines
from nigraan.cases.models import Case, Deadline
from nigraan.cases.projection import EVENT_KINDS, rebuild, state_of, write_state
from nigraan.ledger.encoding import decode_leaf, event_hash
from nigraan.ledger.models import Event

GOLDEN = Path(__file__).parent / "data" / "golden"
VERIFIER = Path(__file__).parents[1] / "docs" / "verify_export.py"


def _maker() -> Any:
    spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _leaves() -> list[str]:
    records = [json.loads(line) for line in (GOLDEN / "ledger.jsonl").read_text().splitlines()]
    return [base64.b64decode(r["leaf"]).decode("utf-8") for r in records if r["type"] == "leaf"]


def _stored(name: str) -> Any:
    return json.loads((GOLDEN / name).read_text(encoding="utf-8"))


def _clear_rule_caches() -> None:
    rules.current_rules.cache_clear()
    pipeline.current_pipeline.cache_clear()
    offences.offences.cache_clear()
    offences.closure_reasons.cache_clear()


@pytest.fixture
def golden_rules(settings) -> Iterator[None]:
    """The rules files in force when the golden ledger was made, so later rule changes do not
    move its deadlines."""
    settings.NIGRAAN_RULES_DIR = str(GOLDEN / "rules")
    _clear_rule_caches()
    yield
    _clear_rule_caches()


def test_the_golden_export_verifies_with_its_published_key():
    key = _stored("public-key.json")["verifier_key"]
    result = subprocess.run(
        [sys.executable, str(VERIFIER), str(GOLDEN / "ledger.jsonl"), "--verifier-key", key],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: 70 leaves in 4 case chains; 2 signed tree heads")


# Kinds made after the golden ledger (it is never remade: it is the proof against older code),
# each with the issue that added it. Their replay is covered by tests/test_projection_replay.py.
KINDS_AFTER_GOLDEN = {
    "case.legal_basis_recorded": "issue 10: consent enforced",
    "case.closure_requested": "issue 10: closing honestly (a second person's approval)",
    "case.closure_refused": "issue 10: closing honestly (a second person's approval)",
    "case.projection_repaired": "issue 9: projections checked (tests/test_projection_attacks.py)",
    "case.alert_drafted": "issue 14: missing-child alerts",
    "case.alert_approved": "issue 14: missing-child alerts",
    "case.alert_issued": "issue 14: missing-child alerts",
    "case.alert_resolved": "issue 14: missing-child alerts",
    "case.alert_cancelled": "issue 14: missing-child alerts",
    "case.shred_requested": "issue 11: erasure by two administrators",
    "case.alert_updated": "issue 14: alert updates",
    "case.alert_expired": "issue 14: alert expiry as an event",
    "case.police_contacted": "issue 14: the Zainab Act's 24-hour police-contact clock",
}


def test_the_golden_ledger_holds_every_event_kind():
    golden = {decode_leaf(leaf).kind for leaf in _leaves()}
    assert golden == set(EVENT_KINDS) - set(KINDS_AFTER_GOLDEN)
    assert set(KINDS_AFTER_GOLDEN) <= set(EVENT_KINDS)


def _replay_escalation(case: Case, data: dict[str, Any]) -> None:
    """What the sweep does beside appending an escalation: the deadline climbs to its level."""
    deadline = Deadline.objects.get(
        case=case, rule_id=data["deadline"], subject=data.get("accused", "")
    )
    chain = rules.current_rules().chain_for(case.district_id, case.province_id)
    deadline.level = data["level"]
    deadline.next_escalation_at = (
        deadline.due_at + deadline.escalate_every * deadline.level
        if deadline.level < len(chain)
        else None
    )
    deadline.save(update_fields=["level", "next_escalation_at"])


def _replay(leaf: str) -> None:
    """Store one event as it was, then update the projections the way a command does: fold the
    case's events, write the row, refresh the deadlines."""
    fields = decode_leaf(leaf)
    Event.objects.create(
        case_ref=fields.case_ref,
        seq=fields.seq,
        kind=fields.kind,
        actor=fields.actor,
        occurred_at=fields.occurred_at,
        prev_hash=fields.prev_hash,
        event_hash=event_hash(leaf),
        leaf=leaf,
    )
    state = rebuild(fields.case_ref)
    assert state is not None
    case = Case.objects.filter(ref=fields.case_ref).first() or Case()
    write_state(case, state)
    case.save()
    refresh_deadlines(case, fields.kind)
    if fields.kind == "case.deadline_escalated":
        _replay_escalation(case, fields.data)


@pytest.mark.django_db
def test_replaying_the_golden_ledger_gives_the_stored_projections(
    geography, make_staff, golden_rules
):
    for username, role, (level, code) in _stored("staff.json"):
        make_staff(username, role, **({level: code} if level != "country" else {"country": True}))
    for leaf in _leaves():
        _replay(leaf)
    cases, deadlines = _maker().projections()
    assert cases == _stored("cases.json")
    assert deadlines == _stored("deadlines.json")
    for case in Case.objects.all():
        assert state_of(case) == rebuild(case.ref)
