"""Proof of report: the report's ledger leaf hash, and either an inclusion proof under a signed
tree head, or — until the next signing — a signed promise to include it. When a head cosigned by
the quorum of witnesses covers the report, the proof also carries ``witnessed``: that head's
cosigned note (the log's signature and the witnesses' cosignature lines), the witnesses' keys,
and the inclusion proof under that head; before then ``witnessed`` is null and
``witnessed_note`` says why.

The promise is an Ed25519 signature by the log key over the text
``nigraan-promise/v1\\n<origin>\\n<base64 leaf hash>\\n<timestamp ms>\\n``. Both forms are
checked by ``docs/verify_proof.py`` with no Nigraan code; ``docs/proof-of-report.md`` explains them.
"""

from __future__ import annotations

import base64
from typing import Any

from django.conf import settings

from nigraan import clock
from nigraan.ledger import merkle, tree
from nigraan.ledger.encoding import leaf_hash
from nigraan.ledger.keys import key_name, signing_key, verifier_key
from nigraan.ledger.models import Event, Leaf, TreeHead
from nigraan.ledger.witnessing import cosigned_note, latest_witnessed_head

PROMISE_PREFIX = "nigraan-promise/v1"
NOT_YET_WITNESSED = (
    "No checkpoint cosigned by the quorum of witnesses covers this report yet (witnesses "
    "cosign each new checkpoint within minutes). Until then this proof rests on the log's own "
    "signature; download it again later to get the witnessed checkpoint."
)


class ReportNotInLog(LookupError):
    """The case's first event is not in the ledger: no proof can be given, and that is itself
    what the reporter must be told (someone removed it)."""


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def promise_text(origin: str, hashed: bytes, timestamp_ms: int) -> str:
    return f"{PROMISE_PREFIX}\n{origin}\n{_b64(hashed)}\n{timestamp_ms}\n"


def _witnessed(leaf: int | None) -> dict[str, Any] | None:
    """The newest witnessed head, when it covers the leaf: its cosigned note and the inclusion
    proof under it."""
    head = latest_witnessed_head()
    if leaf is None or head is None or head.tree_size <= leaf:
        return None
    return {
        "tree_size": head.tree_size,
        "root_hash": _b64(bytes(head.root_hash)),
        "leaf_index": leaf,
        "inclusion_proof": [
            _b64(h) for h in merkle.inclusion_proof(leaf, head.tree_size, tree.subtree_hash)
        ],
        "cosigned_checkpoint": cosigned_note(head),
        "quorum": settings.NIGRAAN_WITNESS_QUORUM,
        "witnesses": [
            {"name": spec.name, "verifier_key": spec.verifier_key}
            for spec in settings.NIGRAAN_WITNESSES
        ],
    }


def proof_of_report(case_ref: str) -> dict[str, Any]:
    """The proof as a JSON-ready dict; ReportNotInLog when the report's event is gone."""
    opened = Event.objects.filter(case_ref=case_ref, seq=1).first()
    if opened is None:
        raise ReportNotInLog(case_ref)
    hashed = leaf_hash(opened.leaf)
    body: dict[str, Any] = {
        "format": "nigraan-proof-of-report/v1",
        "origin": key_name(),
        "verifier_key": verifier_key(),
        "leaf_hash": _b64(hashed),
        "issued_at_ms": int(clock.now().timestamp() * 1000),
    }
    leaf = Leaf.objects.filter(event_id=opened.id).values_list("index", flat=True).first()
    head = TreeHead.objects.order_by("-tree_size").first()
    if leaf is not None and head is not None and head.tree_size > leaf:
        body.update(
            {
                "kind": "inclusion",
                "leaf_index": leaf,
                "tree_size": head.tree_size,
                "root_hash": _b64(bytes(head.root_hash)),
                "inclusion_proof": [
                    _b64(h) for h in merkle.inclusion_proof(leaf, head.tree_size, tree.subtree_hash)
                ],
                "checkpoint": head.checkpoint,
            }
        )
        witnessed = _witnessed(leaf)
        body["witnessed"] = witnessed
        if witnessed is None:
            body["witnessed_note"] = NOT_YET_WITNESSED
    else:
        timestamp_ms = body["issued_at_ms"]
        signature = signing_key().sign(promise_text(key_name(), hashed, timestamp_ms).encode())
        body.update(
            {
                "kind": "promise",
                "promised_at_ms": timestamp_ms,
                "promise_signature": _b64(signature),
                "witnessed": None,
                "witnessed_note": NOT_YET_WITNESSED,
            }
        )
    return body


def qr_payload(proof: dict[str, Any]) -> str:
    """A short text for the printable page's QR code: enough to find and check the proof."""
    if proof["kind"] == "inclusion":
        head, fields = "nigraan-proof:v1", ["leaf_index", "tree_size", "root_hash"]
    else:
        head, fields = "nigraan-promise:v1", ["promised_at_ms", "promise_signature"]
    return ":".join([head, *(str(proof[name]) for name in ["origin", "leaf_hash", *fields])])
