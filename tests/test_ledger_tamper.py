"""`nigraan ledger verify` passes on an honest ledger and names the place of every kind of
tampering done with raw SQL by someone who could drop the append-only triggers."""

from __future__ import annotations

import base64
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from nigraan.ledger import triggers
from nigraan.ledger.append import append_event
from nigraan.ledger.checkpoint import format_body, sign_body
from nigraan.ledger.encoding import encode_leaf, event_hash
from nigraan.ledger.keys import key_name, signing_key
from nigraan.ledger.models import Event, Leaf, TreeHead
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.verify import verify_ledger

pytestmark = pytest.mark.django_db


def _append(ref: str, kind: str, n: int) -> None:
    with transaction.atomic():
        append_event(case_ref=ref, kind=kind, actor="cw.kasur", data={"n": n, "text": f"note {n}"})


@pytest.fixture
def ledger(fixed_clock):
    """Three cases, five events each, signed in two tree heads, then two unsigned events."""
    for round_ in range(5):
        for ref in ("NGR-AAAA0001", "NGR-BBBB0002", "NGR-CCCC0003"):
            fixed_clock.advance(minutes=7)
            _append(ref, "case.note_added", round_)
        if round_ == 2:
            sequence_and_sign()
    sequence_and_sign()
    _append("NGR-AAAA0001", "case.note_added", 99)
    assert verify_ledger().ok
    return None


@pytest.fixture
def attacker():
    """Raw SQL with the triggers dropped, as a database owner could; triggers restored after."""
    triggers.drop(connection)

    def sql(statement: str, params: list | None = None) -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params or [])

    yield sql
    triggers.install(connection)


def _problem() -> str:
    report = verify_ledger()
    assert not report.ok, "tampering went unnoticed"
    return report.problem


def _event(ref: str, seq: int) -> Event:
    return Event.objects.get(case_ref=ref, seq=seq)


def test_an_honest_ledger_verifies_with_counts(ledger):
    report = verify_ledger()
    assert report.ok and report.events == 16 and report.cases == 3
    assert report.leaves == 15 and report.tree_heads == 2 and report.unsequenced == 1


def test_altered_leaf_text_is_named(ledger, attacker):
    event = _event("NGR-BBBB0002", 3)
    attacker(
        "UPDATE ledger_event SET leaf = %s WHERE id = %s",
        [event.leaf.replace("note 2", "note X"), event.id],
    )
    assert "case NGR-BBBB0002 event #3" in _problem() and "altered" in _problem()


def test_altered_leaf_with_recomputed_hashes_breaks_the_chain_or_the_signed_root(ledger, attacker):
    """A careful forger recomputes the event hash: the next event's link, or the signed root,
    still catch it."""
    event = _event(
        "NGR-BBBB0002", 5
    )  # last of its chain, so no next link: only the signed root catches it
    leaf = event.leaf.replace("note 4", "note X")
    attacker(
        "UPDATE ledger_event SET leaf = %s, event_hash = %s WHERE id = %s",
        [leaf, event_hash(leaf), event.id],
    )
    assert "tree head at size" in _problem()


def test_altered_actor_column_is_named(ledger, attacker):
    event = _event("NGR-AAAA0001", 2)
    attacker("UPDATE ledger_event SET actor = 'someone.else' WHERE id = %s", [event.id])
    assert "case NGR-AAAA0001 event #2" in _problem()


def test_deleted_event_in_the_middle_of_a_chain_is_named(ledger, attacker):
    event = _event("NGR-CCCC0003", 2)
    attacker("DELETE FROM ledger_leaf WHERE event_id = %s", [event.id])
    attacker("DELETE FROM ledger_event WHERE id = %s", [event.id])
    problem = _problem()
    assert "NGR-CCCC0003" in problem or "leaf" in problem


def test_deleted_last_event_of_a_signed_case_is_caught_by_the_log(ledger, attacker):
    event = _event("NGR-CCCC0003", 5)
    index = Leaf.objects.get(event=event).index
    attacker("DELETE FROM ledger_leaf WHERE event_id = %s", [event.id])
    attacker("DELETE FROM ledger_event WHERE id = %s", [event.id])
    problem = _problem()
    assert f"leaf {index} is missing" in problem or f"tree head at size {index + 1}" in problem


def test_inserted_event_with_renumbered_chain_is_named(ledger, attacker):
    """Slip a forged event #2 into a case, renumbering the rest: the chain no longer links."""
    ref = "NGR-BBBB0002"
    for seq in range(5, 1, -1):
        attacker(
            "UPDATE ledger_event SET seq = seq + 1 WHERE case_ref = %s AND seq = %s", [ref, seq]
        )
    first = _event(ref, 1)
    fields = first.fields
    forged = encode_leaf(
        case_ref=ref,
        seq=2,
        prev_hash=first.event_hash,
        kind="case.note_added",
        actor="cw.kasur",
        at=fields.occurred_at,
        data={"n": 0, "text": "forged"},
    )
    attacker(
        "INSERT INTO ledger_event (case_ref, seq, kind, actor, occurred_at, prev_hash, "
        "event_hash, leaf) "
        "VALUES (%s, 2, 'case.note_added', 'cw.kasur', %s, %s, %s, %s)",
        [ref, first.occurred_at, first.event_hash, event_hash(forged), forged],
    )
    assert f"case {ref} event #" in _problem()


def test_forged_event_given_a_signed_position_is_caught_by_the_signed_root(ledger, attacker):
    """A forger who builds a perfect chain link and gives it a leaf inside the signed range
    (shifting the later leaves up) cannot match the signed root."""
    ref = "NGR-AAAA0001"
    last = Event.objects.filter(case_ref=ref).order_by("-seq").first()
    attacker("DELETE FROM ledger_leaf")
    forged = encode_leaf(
        case_ref=ref,
        seq=last.seq + 1,
        prev_hash=last.event_hash,
        kind="case.note_added",
        actor="cw.kasur",
        at=last.occurred_at,
        data={"n": 100},
    )
    attacker(
        "INSERT INTO ledger_event (case_ref, seq, kind, actor, occurred_at, prev_hash, "
        "event_hash, leaf) "
        "VALUES (%s, %s, 'case.note_added', 'cw.kasur', %s, %s, %s, %s)",
        [ref, last.seq + 1, last.occurred_at, last.event_hash, event_hash(forged), forged],
    )
    forged_id = Event.objects.get(case_ref=ref, seq=last.seq + 1).id
    order = [forged_id] + list(
        Event.objects.exclude(id=forged_id).order_by("id").values_list("id", flat=True)
    )
    for index, event_id in enumerate(order[:15]):
        attacker(
            'INSERT INTO ledger_leaf ("index", event_id, leaf_hash) VALUES (%s, %s, %s)',
            [index, event_id, b"x" * 32],
        )
    assert "tree head at size" in _problem()


def test_reordered_events_are_named(ledger, attacker):
    """Swap the content of two events of one case."""
    a, b = _event("NGR-AAAA0001", 2), _event("NGR-AAAA0001", 3)
    attacker("UPDATE ledger_event SET event_hash = 'swap' WHERE id = %s", [b.id])
    attacker(
        "UPDATE ledger_event SET leaf = %s, event_hash = %s WHERE id = %s",
        [b.leaf, b.event_hash, a.id],
    )
    attacker(
        "UPDATE ledger_event SET leaf = %s, event_hash = %s WHERE id = %s",
        [a.leaf, a.event_hash, b.id],
    )
    assert "case NGR-AAAA0001 event #2" in _problem()


def test_reordered_leaves_are_caught_by_the_signed_root(ledger, attacker):
    first, second = Leaf.objects.get(index=1), Leaf.objects.get(index=4)
    attacker('DELETE FROM ledger_leaf WHERE "index" IN (1, 4)')
    attacker(
        'INSERT INTO ledger_leaf ("index", event_id, leaf_hash) VALUES (1, %s, %s)',
        [second.event_id, b"y" * 32],
    )
    attacker(
        'INSERT INTO ledger_leaf ("index", event_id, leaf_hash) VALUES (4, %s, %s)',
        [first.event_id, b"y" * 32],
    )
    assert "tree head at size 9" in _problem()


def test_forged_tree_head_signature_is_named(ledger, attacker):
    head = TreeHead.objects.order_by("tree_size").last()
    note = head.checkpoint
    body, _, sig_line = note.rpartition("\n\n")
    prefix, encoded = sig_line.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[10] ^= 1
    forged = f"{body}\n\n{prefix} {base64.b64encode(bytes(raw)).decode()}\n"
    attacker("UPDATE ledger_treehead SET checkpoint = %s WHERE id = %s", [forged, head.id])
    assert f"tree head at size {head.tree_size}" in _problem() and "signature" in _problem()


def test_tree_head_signed_by_another_key_is_refused(ledger, attacker):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    head = TreeHead.objects.order_by("tree_size").last()
    body = format_body(key_name(), head.tree_size, bytes(head.root_hash), head.timestamp_ms)
    note, _ = sign_body(body, key_name(), Ed25519PrivateKey.generate())
    attacker("UPDATE ledger_treehead SET checkpoint = %s WHERE id = %s", [note, head.id])
    assert f"tree head at size {head.tree_size}" in _problem()


def test_correctly_signed_head_with_a_wrong_root_is_named(ledger, attacker):
    """Even the key holder cannot sign a head that does not match the leaves."""
    head = TreeHead.objects.order_by("tree_size").last()
    wrong_root = b"\x07" * 32
    body = format_body(key_name(), head.tree_size, wrong_root, head.timestamp_ms)
    note, signature = sign_body(body, key_name(), signing_key())
    attacker(
        "UPDATE ledger_treehead SET checkpoint = %s, root_hash = %s, signature = %s WHERE id = %s",
        [note, wrong_root, signature, head.id],
    )
    assert f"tree head at size {head.tree_size}: root does not match" in _problem()


def test_tree_head_beyond_the_leaves_is_named(ledger, attacker):
    head = TreeHead.objects.order_by("tree_size").last()
    size = head.tree_size + 50
    body = format_body(key_name(), size, bytes(head.root_hash), head.timestamp_ms + 1)
    note, signature = sign_body(body, key_name(), signing_key())
    attacker(
        "INSERT INTO ledger_treehead (tree_size, root_hash, timestamp_ms, checkpoint, signature, "
        "key_id) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        [size, bytes(head.root_hash), head.timestamp_ms + 1, note, signature, head.key_id],
    )
    assert f"tree head at size {size}: the log has only" in _problem()


def test_a_deleted_tree_head_alone_is_not_an_error(ledger, attacker):
    """Heads are evidence held outside too; the remaining ones still verify."""
    attacker(
        "DELETE FROM ledger_treehead WHERE tree_size = (SELECT MIN(tree_size) FROM "
        "ledger_treehead WHERE tree_size > 0)"
    )
    assert verify_ledger().ok


def test_verify_command_exits_zero_when_all_holds_and_one_when_tampered(ledger, attacker, capsys):
    # These chains are bare notes with no case behind them: the ledger alone is checked here
    # (projections: test_projection_attacks.py).
    call_command("ledger", "verify", "--ledger-only")
    assert "ledger verified" in capsys.readouterr().out
    event = _event("NGR-AAAA0001", 1)
    attacker("UPDATE ledger_event SET kind = 'case.opened' WHERE id = %s", [event.id])
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger", "verify", "--ledger-only")
    assert exit_info.value.code == 1
    assert "case NGR-AAAA0001 event #1" in capsys.readouterr().err


def test_console_script_help_lists_the_ledger_actions():
    result = subprocess.run(
        [sys.executable, "-m", "nigraan", "ledger", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "verify" in result.stdout and "export" in result.stdout and "sign" in result.stdout
