"""Proofs from the stored log, for the public API and a reporter's proof of report."""

from __future__ import annotations

from dataclasses import dataclass

from nigraan.ledger import merkle, tree
from nigraan.ledger.models import Leaf, TreeHead


class ProofUnavailable(LookupError):
    """The leaf or tree size asked for is not (yet) in the signed log."""


@dataclass(frozen=True)
class InclusionProof:
    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    path: list[bytes]


def latest_tree_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-tree_size").first()


def signed_head(tree_size: int) -> TreeHead:
    head = TreeHead.objects.filter(tree_size=tree_size).first()
    if head is None:
        raise ProofUnavailable(f"no signed tree head has size {tree_size}")
    return head


def inclusion_proof_for_leaf_hash(leaf_hash: bytes, tree_size: int) -> InclusionProof:
    leaf = (
        Leaf.objects.filter(leaf_hash=leaf_hash)
        .order_by("index")
        .values_list("index", flat=True)
        .first()
    )
    if leaf is None:
        raise ProofUnavailable("no leaf has that hash (it may not be sequenced yet)")
    if leaf >= tree_size:
        raise ProofUnavailable(f"the leaf is at index {leaf}, outside a tree of size {tree_size}")
    signed_head(tree_size)
    return InclusionProof(
        leaf, tree_size, leaf_hash, merkle.inclusion_proof(leaf, tree_size, tree.subtree_hash)
    )


def consistency_proof_between(first: int, second: int) -> list[bytes]:
    signed_head(first)
    signed_head(second)
    return merkle.consistency_proof(first, second, tree.subtree_hash)
