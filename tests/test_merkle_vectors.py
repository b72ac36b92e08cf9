"""Nigraan's proof verification agrees with the transparency-dev/merkle conformance vectors, and
the proofs it generates verify."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nigraan.ledger import merkle

VECTORS = Path(__file__).parent / "data" / "merkle-testvectors"
INCLUSION = sorted((VECTORS / "inclusion").rglob("*.json"))
CONSISTENCY = sorted((VECTORS / "consistency").rglob("*.json"))


def _b64(value):
    return base64.b64decode(value) if value is not None else b""


def _proof(values):
    return [base64.b64decode(v) for v in (values or [])]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def test_all_vectors_are_present():
    assert len(INCLUSION) > 50 and len(CONSISTENCY) > 50


@pytest.mark.parametrize("path", INCLUSION, ids=_id)
def test_inclusion_vector(path: Path):
    case = json.loads(path.read_text())
    call = lambda: merkle.verify_inclusion(  # noqa: E731
        case["leafIdx"],
        case["treeSize"],
        _b64(case["leafHash"]),
        _proof(case["proof"]),
        _b64(case["root"]),
    )
    if case["wantErr"]:
        with pytest.raises(merkle.ProofError):
            call()
    else:
        call()


@pytest.mark.parametrize("path", CONSISTENCY, ids=_id)
def test_consistency_vector(path: Path):
    case = json.loads(path.read_text())
    call = lambda: merkle.verify_consistency(  # noqa: E731
        case["size1"],
        case["size2"],
        _proof(case["proof"]),
        _b64(case["root1"]),
        _b64(case["root2"]),
    )
    if case["wantErr"]:
        with pytest.raises(merkle.ProofError):
            call()
    else:
        call()


def _leaves(n: int) -> list[bytes]:
    return [merkle.hash_leaf(f"leaf {i}".encode()) for i in range(n)]


def _subtree(leaves: list[bytes]):
    return lambda start, end: merkle.root_from_leaf_hashes(leaves[start:end])


def _naive_root(hashes: list[bytes]) -> bytes:
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = merkle.split_point(len(hashes))
    return merkle.hash_children(_naive_root(hashes[:k]), _naive_root(hashes[k:]))


@settings(max_examples=150, deadline=None)
@given(size=st.integers(0, 300))
def test_compact_range_root_equals_the_recursive_definition(size):
    leaves = _leaves(size)
    assert merkle.root_from_leaf_hashes(leaves) == _naive_root(leaves)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_generated_inclusion_proofs_verify_and_wrong_leaves_do_not(data):
    size = data.draw(st.integers(1, 200))
    index = data.draw(st.integers(0, size - 1))
    leaves = _leaves(size)
    root = _naive_root(leaves)
    proof = merkle.inclusion_proof(index, size, _subtree(leaves))
    merkle.verify_inclusion(index, size, leaves[index], proof, root)
    with pytest.raises(merkle.ProofError):
        merkle.verify_inclusion(index, size, merkle.hash_leaf(b"forged"), proof, root)


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_generated_consistency_proofs_verify_and_a_rewritten_history_does_not(data):
    size2 = data.draw(st.integers(1, 200))
    size1 = data.draw(st.integers(1, size2))
    leaves = _leaves(size2)
    proof = merkle.consistency_proof(size1, size2, _subtree(leaves))
    merkle.verify_consistency(size1, size2, proof, _naive_root(leaves[:size1]), _naive_root(leaves))
    if size1 < size2:
        rewritten = list(leaves)
        rewritten[data.draw(st.integers(0, size1 - 1))] = merkle.hash_leaf(b"rewritten")
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(
                size1, size2, proof, _naive_root(rewritten[:size1]), _naive_root(leaves)
            )
