"""Public JSON endpoints of the log, in the spirit of RFC 6962 §4.

Tree heads, the public key and proofs are public. Raw entries are served only to staff allowed to
audit the ledger: leaves hold no names (protected fields are ciphertext), but a case's district,
category and dates together could narrow down a person in a small district, and public figures
suppress small counts for that reason.
"""

from __future__ import annotations

import base64
import binascii

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from nigraan.accounts.permissions import Action, may
from nigraan.ledger import merkle
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


class BadRequest(ValueError):
    pass


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _int(request: HttpRequest, name: str) -> int:
    raw = request.GET.get(name, "")
    if not raw.isdigit() or len(raw) > 18:
        raise BadRequest(f"'{name}' must be a non-negative whole number")
    return int(raw)


def _head_json(head: TreeHead) -> dict:
    return {
        "tree_size": head.tree_size,
        "timestamp": head.timestamp_ms,
        "root_hash": _b64(bytes(head.root_hash)),
        "signature": _b64(bytes(head.signature)),
        "key_id": head.key_id,
        "checkpoint": head.checkpoint,
    }


def _handle(view):
    def wrapped(request: HttpRequest) -> HttpResponse:
        try:
            return view(request)
        except BadRequest as exc:
            return _error(str(exc))
        except ProofUnavailable as exc:
            return _error(str(exc), 404)
        except merkle.ProofError as exc:
            return _error(str(exc))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


@_handle
def sth(request: HttpRequest) -> HttpResponse:
    """The latest signed tree head."""
    head = latest_tree_head()
    if head is None:
        return _error("no tree head has been signed yet", 404)
    return JsonResponse(_head_json(head))


@_handle
def checkpoint(request: HttpRequest) -> HttpResponse:
    """The latest signed tree head as a C2SP signed note (text), for witnesses."""
    head = latest_tree_head()
    if head is None:
        return HttpResponse(
            "no tree head has been signed yet\n", status=404, content_type="text/plain"
        )
    return HttpResponse(head.checkpoint, content_type="text/plain; charset=utf-8")


@_handle
def sths(request: HttpRequest) -> HttpResponse:
    """Every signed tree head from ?start= (a tree size), oldest first, up to 500 per call."""
    start = _int(request, "start") if "start" in request.GET else 0
    heads = list(
        TreeHead.objects.filter(tree_size__gte=start).order_by("tree_size")[: MAX_HEADS + 1]
    )
    more = len(heads) > MAX_HEADS
    return JsonResponse(
        {
            "tree_heads": [_head_json(h) for h in heads[:MAX_HEADS]],
            "next_start": heads[MAX_HEADS].tree_size if more else None,
        }
    )


@_handle
def public_key(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "origin": key_name(),
            "algorithm": "Ed25519",
            "public_key": _b64(public_key_bytes()),
            "verifier_key": verifier_key(),
        }
    )


@_handle
def entries(request: HttpRequest) -> HttpResponse:
    """Leaves ?start=&end= (inclusive, at most 1000), with their exact bytes. Auditors only."""
    if not may(request.user, Action.AUDIT_LEDGER):
        return _error(
            "raw ledger entries are served only to staff who audit the ledger; log in first", 403
        )
    start, end = _int(request, "start"), _int(request, "end")
    if end < start:
        raise BadRequest("'end' must not be smaller than 'start'")
    end = min(end, start + MAX_ENTRIES - 1)
    rows = (
        Leaf.objects.filter(index__gte=start, index__lte=end)
        .order_by("index")
        .values_list("index", "leaf_hash", "event__leaf")
    )
    return JsonResponse(
        {
            "entries": [
                {
                    "index": index,
                    "leaf_hash": _b64(bytes(leaf_hash)),
                    "leaf": _b64(leaf.encode("utf-8")),
                }
                for index, leaf_hash, leaf in rows
            ]
        }
    )


@_handle
def proof_by_hash(request: HttpRequest) -> HttpResponse:
    """Inclusion proof for ?hash= (base64 leaf hash) in the signed tree of ?tree_size=."""
    try:
        leaf_hash = base64.b64decode(request.GET.get("hash", ""), validate=True)
    except binascii.Error as exc:
        raise BadRequest("'hash' must be base64") from exc
    if len(leaf_hash) != 32:
        raise BadRequest("'hash' must be a base64 SHA-256 leaf hash (32 bytes)")
    proof = inclusion_proof_for_leaf_hash(leaf_hash, _int(request, "tree_size"))
    return JsonResponse(
        {
            "leaf_index": proof.leaf_index,
            "tree_size": proof.tree_size,
            "audit_path": [_b64(h) for h in proof.path],
        }
    )


@_handle
def consistency(request: HttpRequest) -> HttpResponse:
    """Consistency proof between signed tree sizes ?first= and ?second=."""
    first, second = _int(request, "first"), _int(request, "second")
    if not 0 < first <= second:
        raise BadRequest("need 0 < first <= second")
    return JsonResponse(
        {
            "first": first,
            "second": second,
            "consistency": [_b64(h) for h in consistency_proof_between(first, second)],
        }
    )
