"""Subtree hashes of the stored Merkle log, read from the database.

Leaf hashes live in ``Leaf``; complete aligned subtrees at levels 4, 8, 12 … in ``TreeNode``.
Any subtree hash is then a handful of reads, so a proof costs O(log n) queries at any log size.
"""

from __future__ import annotations

from collections.abc import Iterable

from nigraan.ledger import merkle
from nigraan.ledger.models import Leaf, TreeNode

STRIDE = 4  # store every 4th level: 1/15 of the leaves' count in extra rows


def _level_hashes(level: int, first: int, last: int) -> list[bytes]:
    """Stored hashes at ``level`` (0 = leaves, or a multiple of STRIDE) for indices [first,
    last)."""
    rows: Iterable[bytes | memoryview]
    if level == 0:
        rows = (
            Leaf.objects.filter(index__gte=first, index__lt=last)
            .order_by("index")
            .values_list("leaf_hash", flat=True)
        )
    else:
        rows = (
            TreeNode.objects.filter(level=level, index__gte=first, index__lt=last)
            .order_by("index")
            .values_list("hash", flat=True)
        )
    hashes = [bytes(h) for h in rows]
    if len(hashes) != last - first:
        raise LookupError(f"the stored tree lacks hashes at level {level} [{first}, {last})")
    return hashes


def _fold_perfect(hashes: list[bytes]) -> bytes:
    while len(hashes) > 1:
        hashes = [merkle.hash_children(hashes[i], hashes[i + 1]) for i in range(0, len(hashes), 2)]
    return hashes[0]


def perfect_subtree_hash(level: int, index: int) -> bytes:
    """Hash of leaves [index·2^level, (index+1)·2^level)."""
    base = level - level % STRIDE
    width = 1 << (level - base)
    return _fold_perfect(_level_hashes(base, index * width, (index + 1) * width))


def subtree_hash(start: int, end: int) -> bytes:
    """MTH(D[start:end]) as RFC 9162 defines it, for any range the proof algorithms ask for."""
    n = end - start
    if n <= 0:
        raise ValueError("empty subtree")
    if n & (n - 1) == 0 and start % n == 0:
        return perfect_subtree_hash(n.bit_length() - 1, start // n)
    k = merkle.split_point(n)
    return merkle.hash_children(subtree_hash(start, start + k), subtree_hash(start + k, end))


def root_at(size: int) -> bytes:
    return merkle.EMPTY_ROOT if size == 0 else subtree_hash(0, size)


def right_edge(size: int) -> list[tuple[int, bytes]]:
    """The perfect subtrees (level, hash) that make up a tree of ``size`` leaves, left to right."""
    edge = []
    start = 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size & (1 << level):
            edge.append((level, perfect_subtree_hash(level, start >> level)))
            start += 1 << level
    return edge
