"""The public transparency page: the log's latest signed and witnessed heads, its witnesses with
their keys and last cosignature, the history of sizes, and how anyone checks all of it by hand.
No JavaScript; English and Urdu. It shows what the database holds: the point of the page is that
anyone can compare it with what the witnesses and their own copies say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nigraan.ledger.alarm import active_halt
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.models import TreeHead, WitnessPosition
from nigraan.ledger.witnessing import latest_witnessed_head

HISTORY_SHOWN = 30  # the newest heads; /api/v1/ledger/sths has them all


@dataclass(frozen=True)
class WitnessRow:
    name: str
    verifier_key: str
    last_cosigned_size: int
    last_cosigned_at: dt.datetime | None


@dataclass(frozen=True)
class HeadRow:
    tree_size: int
    signed_at: dt.datetime
    root_hex: str
    cosigners: int
    witnessed: bool


def _signed_at(head: TreeHead) -> dt.datetime:
    return dt.datetime.fromtimestamp(head.timestamp_ms / 1000, tz=dt.UTC)


def _witnesses() -> list[WitnessRow]:
    positions = {p.witness: p for p in WitnessPosition.objects.all()}
    rows = []
    for spec in settings.NIGRAAN_WITNESSES:
        position = positions.get(spec.name)
        rows.append(
            WitnessRow(
                name=spec.name,
                verifier_key=spec.verifier_key,
                last_cosigned_size=position.tree_size if position else 0,
                last_cosigned_at=position.last_cosigned_at if position else None,
            )
        )
    return rows


def _history(quorum: int) -> list[HeadRow]:
    names = [spec.name for spec in settings.NIGRAAN_WITNESSES]
    heads = TreeHead.objects.annotate(
        cosigners=Count("cosignatures", filter=Q(cosignatures__witness__in=names))
    ).order_by("-tree_size")[:HISTORY_SHOWN]
    return [
        HeadRow(
            tree_size=head.tree_size,
            signed_at=_signed_at(head),
            root_hex=bytes(head.root_hash).hex(),
            cosigners=head.cosigners,
            witnessed=bool(quorum) and head.cosigners >= quorum,
        )
        for head in heads
    ]


def transparency(request: HttpRequest) -> HttpResponse:
    quorum = settings.NIGRAAN_WITNESS_QUORUM
    latest = TreeHead.objects.order_by("-tree_size").first()
    witnessed = latest_witnessed_head()
    site = request.build_absolute_uri("/").rstrip("/")
    context = {
        "latest": latest,
        "latest_at": _signed_at(latest) if latest else None,
        "witnessed": witnessed,
        "witnessed_at": _signed_at(witnessed) if witnessed else None,
        "quorum": quorum,
        "witnesses": _witnesses(),
        "history": _history(quorum),
        "halt": active_halt(),
        "log_key": verifier_key(),
        "site": site,
    }
    return render(request, "web/transparency.html", context)
