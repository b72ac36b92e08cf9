"""The public face of witnessing: the newest witnessed checkpoint, as a signed note carrying the
log's signature and the witnesses' cosignatures (what monitors and proofs of report hold), and
the witnesses themselves with their keys and last cosignature.

    GET /api/v1/ledger/witnessed[?tree_size=N]   text/plain signed note; 404 if none
    GET /api/v1/ledger/witnesses                 JSON: quorum, witnesses, signing stopped or not
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from pydantic import BaseModel, BeforeValidator, Field

from nigraan.api.errors import errors_for
from nigraan.ledger.alarm import active_halt
from nigraan.ledger.models import TreeHead, WitnessPosition
from nigraan.ledger.witnessing import cosigned_count, cosigned_note, latest_witnessed_head

TEXT = "text/plain; charset=utf-8"
LARGEST = 10**18 - 1
router = Router(tags=["Ledger"])


def _digits_only(value: object) -> object:
    if isinstance(value, str) and not (value.isascii() and value.isdigit()):
        raise ValueError("must be a non-negative whole number")
    return value


Size = Annotated[int, Field(ge=0, le=LARGEST), BeforeValidator(_digits_only)]


class WitnessedQuery(BaseModel):
    tree_size: Size | None = Field(
        default=None, description="A head's size: that head, if the quorum cosigned it."
    )


class Witness(BaseModel):
    name: str
    verifier_key: str = Field(description="C2SP note verifier key (cosignature/v1, Ed25519).")
    last_cosigned_size: int
    last_cosigned_at: str | None = Field(description="ISO 8601, UTC.")


class SigningStopped(BaseModel):
    since: str | None
    reason: str


class Witnesses(BaseModel):
    quorum: int = Field(description="Cosignatures that make a head witnessed.")
    witnesses: list[Witness]
    latest_witnessed_size: int | None
    signing_stopped: SigningStopped | None = Field(
        description="Set when a witness showed a rollback or fork: the log signs nothing more."
    )


WITNESSED_DOC = {
    "responses": {
        "200": {
            "description": "The checkpoint with the log's signature and the cosignatures.",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
        "404": {
            "description": "No head of that kind has been cosigned by the quorum.",
            "content": {"text/plain": {"schema": {"type": "string"}}},
        },
    }
}


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message + "\n", status=status, content_type=TEXT)


@router.get("/witnessed", response=errors_for(400, 405), openapi_extra=WITNESSED_DOC)
def witnessed(request: HttpRequest, query: Query[WitnessedQuery]) -> HttpResponse:
    """The newest head cosigned by the quorum of witnesses (or the head of ``tree_size``)."""
    quorum = settings.NIGRAAN_WITNESS_QUORUM
    if query.tree_size is None:
        head = latest_witnessed_head()
    else:
        head = TreeHead.objects.filter(tree_size=query.tree_size).first()
        if head is not None and (not quorum or cosigned_count(head) < quorum):
            head = None
    if head is None:
        return _text("no tree head of that kind has been cosigned by the quorum of witnesses", 404)
    return HttpResponse(cosigned_note(head), content_type=TEXT)


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


@router.get("/witnesses", response={200: Witnesses, **errors_for(405)})
def witnesses(request: HttpRequest) -> dict[str, Any]:
    """The log's witnesses, their keys and last cosignature, and whether signing stopped."""
    positions = {p.witness: p for p in WitnessPosition.objects.all()}
    head = latest_witnessed_head()
    halt = active_halt()
    listed = []
    for spec in settings.NIGRAAN_WITNESSES:
        position = positions.get(spec.name)
        listed.append(
            {
                "name": spec.name,
                "verifier_key": spec.verifier_key,
                "last_cosigned_size": position.tree_size if position else 0,
                "last_cosigned_at": _iso(position.last_cosigned_at) if position else None,
            }
        )
    return {
        "quorum": settings.NIGRAAN_WITNESS_QUORUM,
        "witnesses": listed,
        "latest_witnessed_size": None if head is None else head.tree_size,
        "signing_stopped": None
        if halt is None
        else {"since": _iso(halt.raised_at), "reason": halt.reason},
    }
