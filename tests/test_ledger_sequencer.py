"""The sequencer puts every committed event in the log exactly once, and signs only growth."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from nigraan.ledger import merkle, tree
from nigraan.ledger.append import append_event
from nigraan.ledger.encoding import encode_leaf, event_hash
from nigraan.ledger.models import Event, Leaf, TreeHead
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.verify import verify_ledger

pytestmark = pytest.mark.django_db


def _append(ref: str, n: int) -> Event:
    with transaction.atomic():
        return append_event(case_ref=ref, kind="case.note_added", actor="cw.kasur", data={"n": n})


def test_a_fresh_log_signs_the_empty_tree_once():
    head = sequence_and_sign()
    assert head.tree_size == 0 and bytes(head.root_hash) == merkle.EMPTY_ROOT
    assert sequence_and_sign() is None


def test_signing_twice_without_new_events_signs_nothing_new():
    _append("NGR-SEQ00001", 1)
    assert sequence_and_sign().tree_size == 1
    assert sequence_and_sign() is None
    assert TreeHead.objects.count() == 1


def _insert_with_id(event_id: int, ref: str, moment) -> None:
    leaf = encode_leaf(
        case_ref=ref,
        seq=1,
        prev_hash="0" * 64,
        kind="case.note_added",
        actor="cw.kasur",
        at=moment,
        data={},
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO ledger_event (id, case_ref, seq, kind, actor, occurred_at, prev_hash, "
            "event_hash, leaf) "
            "VALUES (%s, %s, 1, 'case.note_added', 'cw.kasur', %s, %s, %s, %s)",
            [
                event_id,
                ref,
                connection.ops.adapt_datetimefield_value(moment),
                "0" * 64,
                event_hash(leaf),
                leaf,
            ],
        )


def test_an_event_that_commits_late_with_a_lower_id_is_still_sequenced(fixed_clock):
    """PostgreSQL hands out ids at insert, not commit: an older id can appear after a newer one
    was signed."""
    last = _append("NGR-SEQ00002", 0)
    _insert_with_id(last.id + 10, "NGR-SEQ00003", fixed_clock.current)
    assert sequence_and_sign().tree_size == 2
    _insert_with_id(
        last.id + 5, "NGR-SEQ00004", fixed_clock.current
    )  # the slow transaction commits
    assert sequence_and_sign().tree_size == 3
    assert Leaf.objects.filter(event_id=last.id + 5).exists()
    assert verify_ledger().ok


def test_stored_subtree_hashes_give_the_same_roots_as_hashing_every_leaf():
    for n in range(300):
        _append(f"NGR-SEQ{n % 7:05d}", n)
        if n in (15, 16, 100, 255, 256):
            sequence_and_sign()
    sequence_and_sign()
    leaves = [bytes(h) for h in Leaf.objects.order_by("index").values_list("leaf_hash", flat=True)]
    for size in (1, 15, 16, 17, 100, 255, 256, 257, 300):
        assert tree.root_at(size) == merkle.root_from_leaf_hashes(leaves[:size])
    for head in TreeHead.objects.all():
        assert bytes(head.root_hash) == merkle.root_from_leaf_hashes(leaves[: head.tree_size])
