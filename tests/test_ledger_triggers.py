"""The database itself refuses to rewrite history: UPDATE and DELETE of ledger rows fail."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from nigraan.ledger.append import append_event
from nigraan.ledger.models import Event, Leaf, TreeHead
from nigraan.ledger.sequencer import sequence_and_sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_event():
    """Sixteen signed events (enough for a stored subtree node) and one not yet signed."""
    for n in range(16):
        with transaction.atomic():
            append_event(
                case_ref="NGR-TRIG0001", kind="case.note_added", actor="cw.kasur", data={"n": n}
            )
    sequence_and_sign()
    with transaction.atomic():
        return append_event(
            case_ref="NGR-TRIG0001", kind="case.note_added", actor="cw.kasur", data={"n": 16}
        )


def _refused(action) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        action()


def test_orm_update_of_an_event_is_refused(one_event):
    _refused(lambda: Event.objects.filter(pk=one_event.id).update(actor="someone.else"))


def test_orm_save_of_an_existing_event_is_refused(one_event):
    event = Event.objects.get(id=one_event.id)
    event.kind = "case.opened"
    _refused(event.save)


def test_orm_delete_of_an_event_leaf_and_tree_head_is_refused(one_event):
    _refused(lambda: Leaf.objects.all().delete())
    _refused(lambda: TreeHead.objects.all().delete())
    _refused(lambda: Event.objects.filter(pk=one_event.id).delete())


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_event SET leaf = 'x'",
        "DELETE FROM ledger_event",
        "UPDATE ledger_leaf SET leaf_hash = NULL",
        "DELETE FROM ledger_treehead",
        "UPDATE ledger_treenode SET level = 0",
    ],
)
def test_raw_sql_update_and_delete_are_refused(one_event, statement):
    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(statement)

    _refused(run)


def test_appending_still_works(one_event):
    with transaction.atomic():
        second = append_event(
            case_ref="NGR-TRIG0001", kind="case.note_added", actor="cw.kasur", data={"n": 2}
        )
    assert second.seq == 18 and Event.objects.count() == 18
