"""Issue 9's insider attacks on the log, done with raw SQL against the real database (SQLite
here; PostgreSQL when DATABASE_URL points at one), with the real signing key:

- delete a whole case and re-sign;
- restore a backup older than a witnessed head and append a different report.

On its own ``nigraan ledger verify`` cannot tell (each rewritten log is self-consistent and
signed by the real key). What catches them: **the witnesses refuse to cosign** (409 or 422, and
each keeps the forged checkpoint as evidence) and **the sequencer's alarm** stops signing,
tells administrators and oversight and writes the security log; from then on ``ledger sign``
and ``ledger verify`` fail saying so. (The monitor catching them: test_witness_monitor.py.)
"""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from nigraan import tasks
from nigraan.ledger.append import append_event
from nigraan.ledger.models import SigningHalt
from nigraan.ledger.proofs import latest_tree_head
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.verify import verify_ledger
from nigraan.ledger.witnessing import cosigned_note, latest_witnessed_head, push_latest_head
from nigraan.notify.models import StaffNotice
from witness_support import Insider, witness_log, witness_pair

pytestmark = pytest.mark.django_db
CASES = ("NGR-ATK00001", "NGR-ATK00002", "NGR-ATK00003")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    witnesses = witness_pair(tmp_path_factory.mktemp("witnesses"))
    yield witnesses
    for witness in witnesses:
        witness.stop()


@pytest.fixture
def site(pair, settings, request, make_staff):
    """A log witnessed by both witnesses, and the people an alarm must reach."""
    witness_log(pair, settings, request.node.nodeid)
    make_staff("admin.pk", "administrator", country=True)
    make_staff("oversight.pk", "oversight", country=True)
    make_staff("cw.kasur", "case_worker", district="PK614")
    _events(12)
    sequence_and_sign()
    assert push_latest_head().witnessed
    return pair


def _events(count: int, refs: tuple[str, ...] = CASES, start: int = 0) -> None:
    for n in range(start, start + count):
        with transaction.atomic():
            append_event(
                case_ref=refs[n % len(refs)],
                kind="case.note_added",
                actor="cw.kasur",
                data={"n": n},
            )


def _held_outside(tmp_path) -> str:
    """The witnessed checkpoint as a monitor or a journalist keeps it."""
    path = tmp_path / "witnessed.txt"
    path.write_text(cosigned_note(latest_witnessed_head()))
    return str(path)


def _caught(pair, caplog, capsys, kind: str, outside: str) -> None:
    """What the witnesses and the sequencer's alarm must show after the forged head's push."""
    assert verify_ledger().ok  # the rewritten log is consistent with itself and its new head
    with pytest.raises(SystemExit) as checked:  # ... but not with a checkpoint held outside
        call_command("ledger", "verify", "--against", outside)
    assert checked.value.code == 1 and kind in capsys.readouterr().err
    forged = latest_tree_head().checkpoint
    pushed = push_latest_head()
    assert pushed is not None and pushed.halted, pushed
    halt = SigningHalt.objects.get()
    assert kind in halt.reason, halt.reason
    for witness in pair:  # each refused it and kept it as evidence of misbehaviour
        assert forged in witness.evidence()
    told = StaffNotice.objects.filter(case=None, kind="integrity_ledger")
    assert sorted(told.values_list("staff__username", flat=True)) == ["admin.pk", "oversight.pk"]
    alarms = [r.getMessage() for r in caplog.records if r.name == "nigraan.security"]
    assert any("INTEGRITY ALARM" in line and kind in line for line in alarms), alarms
    assert not any("NGR-" in line for line in alarms)  # no case, let alone a person
    _events(1, start=99)
    with pytest.raises(SystemExit) as signed:
        call_command("ledger", "sign")
    assert signed.value.code == 1 and "NOT SIGNED: signing stopped" in capsys.readouterr().err
    assert tasks.run("sign_ledger") == {}  # the worker signs nothing and says why
    assert any("ledger signing is STOPPED" in r.getMessage() for r in caplog.records)
    with pytest.raises(SystemExit) as verified:
        call_command("ledger", "verify")
    problem = capsys.readouterr().err
    assert verified.value.code == 1 and "signing stopped" in problem and kind in problem


@pytest.mark.parametrize(
    ("grown", "kind"), [(0, "rolled back"), (9, "fork")], ids=["smaller-log", "grown-past"]
)
def test_deleting_a_whole_case_and_re_signing_with_the_real_key(
    site, grown, kind, caplog, capsys, tmp_path
):
    caplog.set_level(logging.INFO)
    outside = _held_outside(tmp_path)
    Insider(connection).delete_case_and_unsign_everything("NGR-ATK00002")
    _events(grown, refs=("NGR-ATK00009",))
    forged = sequence_and_sign()
    assert forged.tree_size == 8 + grown
    _caught(site, caplog, capsys, kind, outside)


@pytest.mark.parametrize(
    ("appended", "kind"), [(1, "rolled back"), (8, "fork")], ids=["one-report", "grown-past"]
)
def test_restoring_an_old_backup_and_appending_a_different_report(
    site, appended, kind, caplog, capsys, tmp_path
):
    caplog.set_level(logging.INFO)
    insider = Insider(connection)
    backup = insider.backup()  # taken at the witnessed size 12
    _events(6, start=12)
    sequence_and_sign()
    assert push_latest_head().tree_size == 18  # witnessed: the witnesses now hold 18
    outside = _held_outside(tmp_path)
    insider.restore(backup)
    _events(appended, refs=("NGR-OTHER0001",))  # a different report where the real ones were
    forged = sequence_and_sign()
    assert forged.tree_size == 12 + appended
    _caught(site, caplog, capsys, kind, outside)


def test_resume_after_investigation_lets_signing_start_again(site, capsys):
    Insider(connection).delete_case_and_unsign_everything("NGR-ATK00002")
    sequence_and_sign()
    push_latest_head()
    call_command("ledger", "resume", "--by", "admin.pk", "--reason", "test: witness replaced")
    assert SigningHalt.objects.get().resolved_at is not None
    _events(1, start=50)
    assert sequence_and_sign() is not None  # signs again, but the witnesses still refuse:
    assert push_latest_head().halted
