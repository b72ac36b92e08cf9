"""The public face of witnessing: the newest witnessed checkpoint, as a signed note carrying the
log's signature and the witnesses' cosignatures (what monitors and proofs of report hold), and
the witnesses themselves with their keys and last cosignature.

    GET /api/v1/ledger/witnessed[?tree_size=N]   text/plain signed note; 404 if none
    GET /api/v1/ledger/witnesses                 JSON: quorum, witnesses, signing stopped or not
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from nigraan.ledger.alarm import active_halt
from nigraan.ledger.models import TreeHead, WitnessPosition
from nigraan.ledger.witnessing import cosigned_count, cosigned_note, latest_witnessed_head

TEXT = "text/plain; charset=utf-8"


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message + "\n", status=status, content_type=TEXT)


@require_GET
def witnessed(request: HttpRequest) -> HttpResponse:
    """The newest head cosigned by the quorum, or the head of ?tree_size= if the quorum
    cosigned it."""
    quorum = settings.NIGRAAN_WITNESS_QUORUM
    raw = request.GET.get("tree_size")
    if raw is None:
        head = latest_witnessed_head()
    elif not raw.isdigit() or len(raw) > 18:
        return _text("'tree_size' must be a non-negative whole number", 400)
    else:
        head = TreeHead.objects.filter(tree_size=int(raw)).first()
        if head is not None and (not quorum or cosigned_count(head) < quorum):
            head = None
    if head is None:
        return _text("no tree head of that kind has been cosigned by the quorum of witnesses", 404)
    return HttpResponse(cosigned_note(head), content_type=TEXT)


def _iso(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat()


@require_GET
def witnesses(request: HttpRequest) -> HttpResponse:
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
    return JsonResponse(
        {
            "quorum": settings.NIGRAAN_WITNESS_QUORUM,
            "witnesses": listed,
            "latest_witnessed_size": None if head is None else head.tree_size,
            "signing_stopped": None
            if halt is None
            else {"since": _iso(halt.raised_at), "reason": halt.reason},
        }
    )
