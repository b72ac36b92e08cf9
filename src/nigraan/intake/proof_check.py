"""Is the reporter's report still in the log? Checked at each follow-up login, from the signed
tree head the reporter's first proof of report was issued under (stored with the receipt) to the
newest head the quorum of witnesses cosigned:

1. the log must not have shrunk below the proof's head, and a consistency proof from the proof's
   (size, root) to the newest signed head must verify (the log only grew);
2. the newest witnessed head's note must carry the log's signature and K valid cosignatures by
   the configured witnesses' keys (checked again here, not trusted from the table);
3. a consistency proof from the proof's head to that witnessed head, and an inclusion proof of
   the report's leaf under it, must verify (RFC 9162, recomputed from the stored tree and checked
   with ``nigraan.ledger.merkle``).

The proof's size, root and leaf hash come from the receipt row, so an insider who rewrites the
log but not that row is caught here; one who rewrites both is caught by the reporter's own copy
of the proof (docs/verify_proof.py) and by the witnesses. Nothing here is logged with the case.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from nigraan.cases.models import Case
from nigraan.intake.models import Receipt
from nigraan.ledger import merkle, tree
from nigraan.ledger.checkpoint import CheckpointError, parse_and_verify
from nigraan.ledger.encoding import leaf_hash
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.models import Event, Leaf
from nigraan.ledger.note import NoteError, cosignatures, split_note
from nigraan.ledger.proofs import latest_tree_head
from nigraan.ledger.witnessing import configured, cosigned_note, latest_witnessed_head

security = logging.getLogger("nigraan.security")
INCLUDED = "included"  # checked against the newest witnessed head: still there
PENDING = "pending"  # the log still holds it, but no witnessed head covers it yet
MISSING = "missing"  # the log no longer holds what the reporter's proof shows
UNCHECKED = "unchecked"  # the check itself could not be done (the witnessed head is bad)


@dataclass(frozen=True)
class LogCheck:
    state: str
    detail: str  # plain English for the security log and tests; no case data
    proof_size: int | None = None
    witnessed_size: int | None = None

    @property
    def loud(self) -> bool:
        return self.state in (MISSING, UNCHECKED)


@dataclass(frozen=True)
class _Anchor:
    leaf_hash: bytes
    leaf_index: int | None
    tree_size: int | None
    root_hash: bytes | None


class _Missing(Exception):
    pass


def record_issued(case: Case, proof: dict[str, Any]) -> None:
    """Remember the head the reporter's first inclusion proof was issued under (and, for a
    promise, the leaf hash it promised). Later proofs do not move it: the check then covers the
    longest stretch of the log."""
    receipt = Receipt.objects.filter(case=case).first()
    if receipt is None or receipt.proof_tree_size is not None:
        return
    receipt.proof_leaf_hash = base64.b64decode(proof["leaf_hash"])
    if proof["kind"] == "inclusion":
        receipt.proof_leaf_index = proof["leaf_index"]
        receipt.proof_tree_size = proof["tree_size"]
        receipt.proof_root_hash = base64.b64decode(proof["root_hash"])
    receipt.save(
        update_fields=["proof_leaf_hash", "proof_leaf_index", "proof_tree_size", "proof_root_hash"]
    )


def _anchor(case: Case) -> _Anchor | None:
    """What the check starts from; None when the report is not sequenced yet."""
    receipt = Receipt.objects.filter(case=case).first()
    stored = receipt.proof_leaf_hash if receipt is not None else None
    if receipt is not None and stored is not None and receipt.proof_tree_size is not None:
        return _Anchor(
            bytes(stored),
            receipt.proof_leaf_index,
            receipt.proof_tree_size,
            bytes(receipt.proof_root_hash or b""),
        )
    if stored is None:
        opened = Event.objects.filter(case_ref=case.ref, seq=1).first()
        if opened is None:
            raise _Missing("the report's first event is no longer in the ledger")
        stored = leaf_hash(opened.leaf)
    index = Leaf.objects.filter(leaf_hash=stored).values_list("index", flat=True).first()
    if index is None:
        if not Event.objects.filter(case_ref=case.ref, seq=1).exists():
            raise _Missing("the leaf the reporter was promised is not in the ledger")
        return None
    return _Anchor(bytes(stored), index, None, None)


def _consistent(size: int, root: bytes, new_size: int, new_root: bytes) -> None:
    proof = [] if size == new_size else merkle.consistency_proof(size, new_size, tree.subtree_hash)
    merkle.verify_consistency(size, new_size, proof, root, new_root)


def _check_log_itself(anchor: _Anchor) -> None:
    if anchor.tree_size is None or anchor.root_hash is None:
        return
    head = latest_tree_head()
    size = 0 if head is None else head.tree_size
    if head is None or size < anchor.tree_size:
        raise _Missing(
            f"the log now has {size} entries, fewer than the {anchor.tree_size} the reporter's "
            "proof was issued under"
        )
    _consistent(anchor.tree_size, anchor.root_hash, size, bytes(head.root_hash))


def verified_witnessed_head() -> tuple[int, bytes] | None:
    """(size, root) of the newest witnessed head, read from its note after checking the log's
    signature and the quorum's cosignatures; None when there is none. NoteError or
    CheckpointError when the stored note does not verify."""
    head = latest_witnessed_head()
    if head is None:
        return None
    note = cosigned_note(head)
    checkpoint = parse_and_verify(note, verifier_key())
    text, lines = split_note(note)
    found = cosignatures(text, lines, [key for _, key in configured()])
    if len(found) < settings.NIGRAAN_WITNESS_QUORUM:
        raise NoteError(f"only {len(found)} cosignatures verify, fewer than the quorum")
    return checkpoint.tree_size, checkpoint.root_hash


def _check(case: Case) -> LogCheck:
    anchor = _anchor(case)
    if anchor is None or anchor.leaf_index is None:
        return LogCheck(PENDING, "the report is not in a signed head yet")
    _check_log_itself(anchor)
    try:
        witnessed = verified_witnessed_head()
    except (NoteError, CheckpointError) as exc:
        return LogCheck(UNCHECKED, f"the witnessed head does not verify: {exc}", anchor.tree_size)
    start = anchor.tree_size or anchor.leaf_index + 1
    if witnessed is None or witnessed[0] < start:
        return LogCheck(PENDING, "no witnessed head covers the proof yet", anchor.tree_size)
    size, root = witnessed
    if anchor.tree_size is not None and anchor.root_hash is not None:
        _consistent(anchor.tree_size, anchor.root_hash, size, root)
    path = merkle.inclusion_proof(anchor.leaf_index, size, tree.subtree_hash)
    merkle.verify_inclusion(anchor.leaf_index, size, anchor.leaf_hash, path, root)
    return LogCheck(INCLUDED, "consistent and included", anchor.tree_size, size)


def check_report_in_log(case: Case) -> LogCheck:
    """The answer the follow-up page (and API) gives the reporter. A failure is also a line in
    the security log, without the case."""
    try:
        checked = _check(case)
    except _Missing as exc:
        checked = LogCheck(MISSING, str(exc))
    except (merkle.ProofError, LookupError, ValueError) as exc:
        checked = LogCheck(MISSING, f"the log's proofs do not verify: {exc}")
    if checked.loud:
        security.warning("INTEGRITY ALARM: a reporter's proof check failed: %s", checked.detail)
    return checked
