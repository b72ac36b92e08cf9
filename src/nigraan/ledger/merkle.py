"""Merkle tree hashing, proofs and their verification, exactly as RFC 9162 §2.1 specifies.

leaf hash = SHA-256(0x00 ‖ leaf); node hash = SHA-256(0x01 ‖ left ‖ right); the empty tree's
hash is SHA-256 of nothing; a tree of n leaves splits at k, the largest power of two below n.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256

SubtreeHash = Callable[[int, int], bytes]  # (start, end) → MTH(D[start:end])


class ProofError(ValueError):
    """A proof that does not verify, or is malformed."""


def hash_leaf(data: bytes) -> bytes:
    return _sha256(b"\x00" + data).digest()


def hash_children(left: bytes, right: bytes) -> bytes:
    return _sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """k: the largest power of two smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


def root_from_leaf_hashes(hashes: Sequence[bytes]) -> bytes:
    compact = CompactRange()
    for leaf_hash in hashes:
        compact.append(leaf_hash)
    return compact.root()


class CompactRange:
    """The right edge of a growing tree: one hash per set bit of the size, O(log n) memory.

    ``append`` costs amortised one node hash per leaf, so streaming a million leaves through
    it is as cheap as hashing them once more.
    """

    __slots__ = ("size", "_stack")

    def __init__(self) -> None:
        self.size = 0
        self._stack: list[bytes] = []  # perfect subtrees, largest (leftmost) first

    def append(self, leaf_hash: bytes) -> None:
        stack = self._stack
        node = leaf_hash
        size = self.size
        while size & 1:
            node = _sha256(b"\x01" + stack.pop() + node).digest()
            size >>= 1
        stack.append(node)
        self.size += 1

    def root(self) -> bytes:
        if not self._stack:
            return EMPTY_ROOT
        node = self._stack[-1]
        for left in reversed(self._stack[:-1]):
            node = _sha256(b"\x01" + left + node).digest()
        return node

    def perfect_subtrees(self) -> list[bytes]:
        return list(self._stack)


# ---- proof generation (RFC 9162 §2.1.3.1 and §2.1.4.1) -------------------------------------


def inclusion_proof(index: int, size: int, subtree_hash: SubtreeHash) -> list[bytes]:
    if not 0 <= index < size:
        raise ProofError(f"leaf index {index} is outside a tree of size {size}")
    proof: list[bytes] = []

    def path(m: int, start: int, end: int) -> None:
        n = end - start
        if n == 1:
            return
        k = split_point(n)
        if m - start < k:
            path(m, start, start + k)
            proof.append(subtree_hash(start + k, end))
        else:
            path(m, start + k, end)
            proof.append(subtree_hash(start, start + k))

    path(index, 0, size)
    return proof


def consistency_proof(size1: int, size2: int, subtree_hash: SubtreeHash) -> list[bytes]:
    if not 0 < size1 <= size2:
        raise ProofError(f"no consistency proof from size {size1} to size {size2}")
    if size1 == size2:
        return []
    proof: list[bytes] = []

    def subproof(m: int, start: int, end: int, complete: bool) -> None:
        n = end - start
        if m == n:
            if not complete:
                proof.append(subtree_hash(start, end))
            return
        k = split_point(n)
        if m <= k:
            subproof(m, start, start + k, complete)
            proof.append(subtree_hash(start + k, end))
        else:
            subproof(m - k, start + k, end, False)
            proof.append(subtree_hash(start, start + k))

    subproof(size1, 0, size2, True)
    return proof


# ---- verification (RFC 9162 §2.1.3.2 and §2.1.4.2) -----------------------------------------


def _check_hashes(*hashes: bytes) -> None:
    for value in hashes:
        if len(value) != HASH_SIZE:
            raise ProofError(f"a hash is {len(value)} bytes, not {HASH_SIZE}")


def root_from_inclusion_proof(
    leaf_index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes]
) -> bytes:
    if not 0 <= leaf_index < tree_size:
        raise ProofError(f"leaf index {leaf_index} is outside a tree of size {tree_size}")
    _check_hashes(leaf_hash, *proof)
    fn, sn, node = leaf_index, tree_size - 1, leaf_hash
    for sibling in proof:
        if sn == 0:
            raise ProofError("inclusion proof is too long")
        if fn & 1 or fn == sn:
            node = hash_children(sibling, node)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            node = hash_children(node, sibling)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("inclusion proof is too short")
    return node


def verify_inclusion(
    leaf_index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes
) -> None:
    """Raise ProofError unless ``proof`` shows the leaf at ``leaf_index`` is in the tree with
    ``root``."""
    _check_hashes(root)
    if root_from_inclusion_proof(leaf_index, tree_size, leaf_hash, proof) != root:
        raise ProofError("inclusion proof does not lead to the given root")


def verify_consistency(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> None:
    """Raise ProofError unless ``proof`` shows the tree of ``size1`` is a prefix of the tree of
    ``size2``."""
    if _same_tree_checked(size1, size2, proof, root1, root2):
        return
    _check_hashes(root1, root2, *proof)
    if not proof:
        raise ProofError("consistency proof is empty")
    first, second = _roots_from_consistency_proof(size1, size2, root1, proof)
    if first != root1:
        raise ProofError("consistency proof does not lead to the first root")
    if second != root2:
        raise ProofError("consistency proof does not lead to the second root")


def _same_tree_checked(
    size1: int, size2: int, proof: Sequence[bytes], root1: bytes, root2: bytes
) -> bool:
    """Refuse impossible sizes; True when the two trees are the same size and that checks out
    (an empty proof, equal roots), False when a proof is needed."""
    if size2 < size1:
        raise ProofError(f"size2 ({size2}) is smaller than size1 ({size1})")
    if size1 == 0:
        raise ProofError("a consistency proof from the empty tree proves nothing")
    if size1 != size2:
        return False
    if proof:
        raise ProofError("trees of equal size need an empty proof")
    if root1 != root2:
        raise ProofError("trees of equal size have different roots")
    return True


def _roots_from_consistency_proof(
    size1: int, size2: int, root1: bytes, proof: Sequence[bytes]
) -> tuple[bytes, bytes]:
    """The roots of the trees of ``size1`` and ``size2`` that a (non-empty) proof leads to."""
    path = list(proof)
    if size1 & (size1 - 1) == 0:  # an exact power of two: the old root is itself a node
        path.insert(0, root1)
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for node in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = hash_children(node, fr)
            sr = hash_children(node, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = hash_children(sr, node)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    return fr, sr
