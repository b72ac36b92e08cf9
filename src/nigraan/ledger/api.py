"""Public JSON endpoints of the log (``/api/v1/ledger/…``), in the spirit of RFC 6962 §4.

Tree heads, the public key and proofs are public. Raw entries are served only to staff allowed to
audit the ledger: leaves hold no names (protected fields are ciphertext), but a case's district,
category and dates together could narrow down a person in a small district, and public figures
suppress small counts for that reason. Parameters and answers are typed, so the OpenAPI document
states them exactly.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from pydantic import BaseModel, BeforeValidator, Field

from nigraan.accounts.permissions import Action, may
from nigraan.api.errors import ApiRefusal, errors_for
from nigraan.ledger import merkle, visibility
from nigraan.ledger.keys import key_name, public_key_bytes, verifier_key
from nigraan.ledger.models import Leaf, TreeHead
from nigraan.ledger.proofs import (
    ProofUnavailable,
    consistency_proof_between,
    inclusion_proof_for_leaf_hash,
    latest_tree_head,
)

MAX_ENTRIES = 1000
MAX_HEADS = 500
LARGEST = 10**18 - 1
LEAF_HASH = "^[A-Za-z0-9+/]{43}=$"  # base64 of 32 bytes
router = Router(tags=["Ledger"])


def _digits_only(value: object) -> object:
    """Query values are text: only plain digits name a tree size or index ("5", not "+5")."""
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a non-negative whole number")
    return value


# The constraints come before the validator, so that the schema states them (minimum, maximum).
Size = Annotated[int, Field(ge=0, le=LARGEST), BeforeValidator(_digits_only)]
PositiveSize = Annotated[int, Field(ge=1, le=LARGEST), BeforeValidator(_digits_only)]


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


class SignedTreeHead(BaseModel):
    tree_size: int
    timestamp: int = Field(description="Milliseconds since the Unix epoch.")
    root_hash: str = Field(description="Base64 Merkle tree hash (RFC 9162).")
    signature: str = Field(description="Base64 Ed25519 signature.")
    key_id: str
    checkpoint: str = Field(description="The same head as a C2SP signed note.")


class TreeHeads(BaseModel):
    tree_heads: list[SignedTreeHead]
    next_start: int | None = Field(description="Ask again with ?start= this, if not null.")


class PublicKey(BaseModel):
    origin: str
    algorithm: Literal["Ed25519"]
    public_key: str = Field(description="Base64 raw Ed25519 public key.")
    verifier_key: str = Field(description="C2SP note verifier key.")


class Entry(BaseModel):
    index: int
    leaf_hash: str
    leaf: str | None = Field(
        description="Base64 of the leaf's exact bytes; null for a case outside the reader's "
        "jurisdiction (its hash alone still lets the tree be rebuilt)."
    )


class Entries(BaseModel):
    entries: list[Entry]


class InclusionProof(BaseModel):
    leaf_index: int
    tree_size: int
    audit_path: list[str]


class ConsistencyProof(BaseModel):
    first: int
    second: int
    consistency: list[str]


def _head_json(head: TreeHead) -> dict[str, Any]:
    return {
        "tree_size": head.tree_size,
        "timestamp": head.timestamp_ms,
        "root_hash": _b64(bytes(head.root_hash)),
        "signature": _b64(bytes(head.signature)),
        "key_id": head.key_id,
        "checkpoint": head.checkpoint,
    }


def _no_head() -> ApiRefusal:
    return ApiRefusal(404, "no tree head has been signed yet")


@router.get("/sth", response={200: SignedTreeHead, **errors_for(404, 405)})
def sth(request: HttpRequest) -> dict[str, Any]:
    """The latest signed tree head."""
    head = latest_tree_head()
    if head is None:
        raise _no_head()
    return _head_json(head)


CHECKPOINT_DOC = {
    "responses": {
        "200": {
            "description": "The checkpoint (C2SP signed note).",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        "404": {
            "description": "No tree head yet.",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
    }
}


@router.get("/checkpoint", response=errors_for(405), openapi_extra=CHECKPOINT_DOC)
def checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest signed tree head as a C2SP signed note (text), for witnesses."""
    head = latest_tree_head()
    if head is None:
        return HttpResponse(
            "no tree head has been signed yet\n", status=404, content_type="text/plain"
        )
    return HttpResponse(head.checkpoint, content_type="text/plain; charset=utf-8")


@router.get("/sths", response={200: TreeHeads, **errors_for(400, 405)})
def sths(request: HttpRequest, start: Size = 0) -> dict[str, Any]:
    """Every signed tree head from ?start= (a tree size), oldest first, up to 500 per call."""
    heads = list(
        TreeHead.objects.filter(tree_size__gte=start).order_by("tree_size")[: MAX_HEADS + 1]
    )
    more = len(heads) > MAX_HEADS
    return {
        "tree_heads": [_head_json(h) for h in heads[:MAX_HEADS]],
        "next_start": heads[MAX_HEADS].tree_size if more else None,
    }


@router.get("/public-key", response={200: PublicKey, **errors_for(405)})
def public_key(request: HttpRequest) -> dict[str, Any]:
    """The log's signing key."""
    return {
        "origin": key_name(),
        "algorithm": "Ed25519",
        "public_key": _b64(public_key_bytes()),
        "verifier_key": verifier_key(),
    }


@router.get(
    "/entries",
    response={200: Entries, **errors_for(400, 403, 405)},
    openapi_extra={"security": [{"StaffSession": []}]},
)
def entries(request: HttpRequest, start: Size, end: Size) -> dict[str, Any]:
    """Leaves start..end (inclusive; end not below start; at most 1000 a call), with their exact
    bytes. Staff who audit the ledger only (logged in); outside a country-wide jurisdiction, the
    leaves of cases the reader's jurisdiction does not cover come as their hash alone."""
    if not may(request.user, Action.AUDIT_LEDGER):
        raise ApiRefusal(
            403, "raw ledger entries are served only to staff who audit the ledger; log in first"
        )
    if end < start:
        raise ApiRefusal(400, "'end' must not be smaller than 'start'")
    end = min(end, start + MAX_ENTRIES - 1)
    rows = list(
        Leaf.objects.filter(index__gte=start, index__lte=end)
        .order_by("index")
        .values_list("index", "leaf_hash", "event__case_ref", "event__leaf")
    )
    readable = visibility.readable_refs(request.user, {row[2] for row in rows})  # type: ignore[arg-type]
    return {
        "entries": [
            {
                "index": index,
                "leaf_hash": _b64(bytes(hashed)),
                "leaf": _b64(leaf.encode()) if readable is None or ref in readable else None,
            }
            for index, hashed, ref, leaf in rows
        ]
    }


class ProofQuery(BaseModel):
    hash: str = Field(pattern=LEAF_HASH, description="Base64 SHA-256 leaf hash (32 bytes).")
    tree_size: PositiveSize


@router.get("/proof-by-hash", response={200: InclusionProof, **errors_for(400, 404, 405)})
def proof_by_hash(request: HttpRequest, query: Query[ProofQuery]) -> dict[str, Any]:
    """Inclusion proof for a leaf hash in the signed tree of ``tree_size``."""
    try:
        leaf_hash = base64.b64decode(query.hash, validate=True)
    except binascii.Error:
        raise ApiRefusal(400, "'hash' must be base64") from None
    try:
        proof = inclusion_proof_for_leaf_hash(leaf_hash, query.tree_size)
    except ProofUnavailable as exc:
        raise ApiRefusal(404, str(exc)) from None
    except merkle.ProofError as exc:
        raise ApiRefusal(400, str(exc)) from None
    return {
        "leaf_index": proof.leaf_index,
        "tree_size": proof.tree_size,
        "audit_path": [_b64(h) for h in proof.path],
    }


@router.get("/consistency", response={200: ConsistencyProof, **errors_for(400, 404, 405)})
def consistency(request: HttpRequest, first: PositiveSize, second: PositiveSize) -> dict[str, Any]:
    """Consistency proof between two signed tree sizes, ``first`` not above ``second`` (400
    otherwise: OpenAPI cannot state a rule between two parameters)."""
    if first > second:
        raise ApiRefusal(400, "need 0 < first <= second")
    try:
        path = consistency_proof_between(first, second)
    except ProofUnavailable as exc:
        raise ApiRefusal(404, str(exc)) from None
    except merkle.ProofError as exc:
        raise ApiRefusal(400, str(exc)) from None
    return {"first": first, "second": second, "consistency": [_b64(h) for h in path]}
