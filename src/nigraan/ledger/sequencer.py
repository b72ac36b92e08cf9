"""The sequencer: gives new events their place in the Merkle log and signs a tree head.

Run by ``nigraan ledger sign`` and by the worker every minute. Events are sequenced in the
order their ids were allocated among those committed so far; an event whose transaction commits
late is picked up by a later round (it has no Leaf yet), so none is ever skipped.
"""

from __future__ import annotations

from django.db import connection, transaction

from nigraan import clock
from nigraan.ledger import merkle
from nigraan.ledger.checkpoint import format_body, sign_body
from nigraan.ledger.keys import key_id, key_name, public_key_bytes, signing_key
from nigraan.ledger.models import Leaf, TreeHead, TreeNode
from nigraan.ledger.tree import STRIDE, right_edge, root_at

BATCH = 5_000
_LOCK_ID = 0x4E494752  # "NIGR": PostgreSQL advisory lock for the sequencer


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
    # SQLite: the IMMEDIATE transaction already holds the database's single write lock.


# How far below the newest sequenced event to look for events whose transactions committed late
# (PostgreSQL allocates ids at insert, not at commit). An event older than this that never got a
# leaf would show in `nigraan ledger verify` as unsequenced, so nothing is lost silently.
LATE_COMMIT_WINDOW = 100_000


def _scan_start() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(event_id) FROM ledger_leaf")
        newest = cursor.fetchone()[0]
    return max(0, (newest or 0) - LATE_COMMIT_WINDOW)


def _unsequenced_batch(after_id: int, limit: int) -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.leaf FROM ledger_event e "
            "LEFT JOIN ledger_leaf l ON l.event_id = e.id "
            "WHERE l.event_id IS NULL AND e.id > %s ORDER BY e.id LIMIT %s",
            [after_id, limit],
        )
        return cursor.fetchall()


class _Appender:
    """Appends leaf hashes to the right edge, recording completed nodes at stored levels."""

    def __init__(self, size: int, edge: list[tuple[int, bytes]]) -> None:
        self.size = size
        self.stack = [h for _, h in edge]
        self.new_nodes: list[TreeNode] = []

    def append(self, leaf_hash: bytes) -> None:
        node, size, level = leaf_hash, self.size, 0
        while size & 1:
            node = merkle.hash_children(self.stack.pop(), node)
            size >>= 1
            level += 1
            if level % STRIDE == 0:
                self.new_nodes.append(TreeNode(level=level, index=self.size >> level, hash=node))
        self.stack.append(node)
        self.size += 1

    def root(self) -> bytes:
        if not self.stack:
            return merkle.EMPTY_ROOT
        node = self.stack[-1]
        for left in reversed(self.stack[:-1]):
            node = merkle.hash_children(left, node)
        return node


def sequence_pending() -> tuple[int, bytes]:
    """Add every unsequenced event to the log (inside the caller's transaction).
    Returns the new tree size and root."""
    size = Leaf.objects.count()
    appender = _Appender(size, right_edge(size))
    after_id = _scan_start()
    while True:
        batch = _unsequenced_batch(after_id, BATCH)
        if not batch:
            break
        after_id = batch[-1][0]
        leaves = []
        for event_id, leaf in batch:
            leaf_hash = merkle.hash_leaf(leaf.encode("utf-8"))
            leaves.append(Leaf(index=appender.size, event_id=event_id, leaf_hash=leaf_hash))
            appender.append(leaf_hash)
        Leaf.objects.bulk_create(leaves, batch_size=1000)
        TreeNode.objects.bulk_create(appender.new_nodes, batch_size=1000)
        appender.new_nodes = []
    return appender.size, appender.root()


def sequence_and_sign() -> TreeHead | None:
    """Sequence new events and sign a tree head if the log grew (or none was ever signed).
    Returns the new head, or None when there was nothing new to sign."""
    with transaction.atomic():
        _lock()
        size, root = sequence_pending()
        latest = TreeHead.objects.order_by("-tree_size").first()
        if latest is not None and latest.tree_size == size:
            return None
        # Never sign a head inconsistent with one already signed.
        if latest is not None and (
            latest.tree_size > size or root_at(latest.tree_size) != bytes(latest.root_hash)
        ):
            raise RuntimeError("the log no longer matches its last signed head: refusing to sign")
        timestamp_ms = int(clock.now().timestamp() * 1000)
        name = key_name()
        body = format_body(name, size, root, timestamp_ms)
        note, signature = sign_body(body, name, signing_key())
        return TreeHead.objects.create(
            tree_size=size,
            root_hash=root,
            timestamp_ms=timestamp_ms,
            checkpoint=note,
            signature=signature,
            key_id=key_id(name, public_key_bytes()).hex(),
        )
