"""Each article whose text is stored goes through the extractor; each incident it reports joins
the incident it shares with earlier articles (the extractor's grouping score against every
source of the candidate incidents), or begins a new one. A wire copy is not read again: it
becomes one more source of its original's incidents.

Safe beside another run and after a crash: the extraction is done outside any lock, then each
article is settled in one transaction that holds a lock (PostgreSQL advisory lock; SQLite's write
lock, taken at BEGIN) and first checks the article is still pending. A run killed before that
commit leaves the article pending; the next run settles it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection, transaction
from django.db.models import Q

from nigraan import clock
from nigraan.media.extract.cluster import FAR_DAYS, LINK_SCORE, IncidentKey, pair_score
from nigraan.media.extract.pipeline import Extraction, extract_article
from nigraan.media.incidents import merge
from nigraan.media.ingest import wire
from nigraan.media.models import Article, Incident, IncidentName, IncidentSource, WireBand

_LOCK_ID = 0x4D454449  # "MEDI": PostgreSQL advisory lock while incidents are joined
WIRE_WINDOW_DAYS = 7  # a copy of a brief is printed within days, not weeks
Status = Article.Status


def _lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_ID])
    # SQLite: the IMMEDIATE transaction already holds the database's single write lock.


def extractor_text(article: Article) -> str:
    """The article in the layout the extractor reads: line 1 its address, then its date (the
    guide resolves "on Saturday" only against a date the text carries), then the text."""
    dated = f"date {article.published_on.isoformat()}\n" if article.published_on else ""
    return f"{article.canonical_url or article.url}\n{dated}{article.text}"


def process_pending(limit: int | None = None) -> Counter[str]:
    """Extract and join every pending article (oldest first). Returns what happened, counted."""
    counts: Counter[str] = Counter()
    pending = Article.objects.filter(status=Status.PENDING).order_by(
        "published_on", "fetched_at", "pk"
    )
    for article_id in list(pending.values_list("pk", flat=True)[:limit]):
        article = Article.objects.get(pk=article_id)
        signature = wire.signature(f"{article.title}\n{article.text}")
        extraction = extract_article(str(article.pk), extractor_text(article), article.title)
        with transaction.atomic():
            _lock()
            if not Article.objects.filter(pk=article_id, status=Status.PENDING).exists():
                counts["taken_by_another_run"] += 1
                continue
            counts.update(_settle(article, signature, extraction))
    return counts


def _settle(article: Article, signature: bytes, extraction: Extraction) -> Counter[str]:
    now = clock.now()
    article.signature = signature
    article.processed_at = now
    original = _wire_original(article, signature)
    if original is not None:
        article.status, article.copy_of = Status.COPY, original
        article.reason = f"a wire copy of article {original.pk}"
        article.save()
        return Counter({"wire_copies": 1, **_add_copy_sources(article, original, now)})
    WireBand.objects.bulk_create(
        WireBand(key=key, article=article) for key in wire.band_keys(signature)
    )
    article.extraction = extraction.record()
    article.reason = extraction.reason
    if not extraction.is_incident_report:
        article.status = Status.NOT_INCIDENT
        article.save()
        return Counter({"not_incident": 1})
    article.status = Status.INCIDENT
    article.save()
    counts: Counter[str] = Counter({"incident_reports": 1})
    for position, fields in enumerate(extraction.incidents):
        names = sorted(extraction.names[position]) if position < len(extraction.names) else []
        counts[_join(article, position, fields, names, now)] += 1
    return counts


def _wire_original(article: Article, signature: bytes) -> Article | None:
    """The earlier article this one copies (estimated Jaccard ≥ 0.8), if any."""
    day = article.seen_on or now_date()
    window = (day - dt.timedelta(days=WIRE_WINDOW_DAYS), day + dt.timedelta(days=WIRE_WINDOW_DAYS))
    candidates = (
        Article.objects.filter(bands__key__in=wire.band_keys(signature))
        .exclude(pk=article.pk)
        .filter(Q(published_on__range=window) | Q(published_on__isnull=True))
        .distinct()
        .order_by("pk")
    )
    for candidate in candidates:
        if candidate.signature is None:
            continue
        if wire.similarity(bytes(candidate.signature), signature) >= wire.COPY_SIMILARITY:
            return candidate
    return None


def now_date() -> dt.date:
    return clock.now().date()


def _add_copy_sources(article: Article, original: Article, now: dt.datetime) -> Counter[str]:
    """A copy says what its original says: one more source, of kind copy, on each incident."""
    counts: Counter[str] = Counter()
    for source in original.incident_sources.select_related("incident"):
        IncidentSource.objects.create(
            incident=source.incident,
            article=article,
            position=source.position,
            kind=IncidentSource.Kind.COPY,
            fields=source.fields,
            names=source.names,
            reported_on=article.seen_on,
            link_score=None,
            added_at=now,
        )
        _refresh(source.incident, now)
        counts["copy_sources"] += 1
    return counts


def _key(
    source_id: str, position: int, fields: dict[str, Any], names: list[str], seen: dt.date | None
) -> IncidentKey:
    return IncidentKey(source_id, position, fields, frozenset(names), seen)


def _best_incident(key: IncidentKey) -> tuple[Incident | None, float]:
    """The incident whose sources this account matches best, at or above the link score."""
    seen = key.seen or now_date()
    window = (seen - dt.timedelta(days=FAR_DAYS), seen + dt.timedelta(days=FAR_DAYS))
    near = Q(last_reported_on__range=window)
    named = Q(names__name__in=sorted(key.names)) if key.names else Q(pk__in=[])
    candidates = Incident.objects.exclude(status=Incident.Status.MERGED).filter(near | named)
    province = key.fields.get("province")
    if province:
        candidates = candidates.filter(Q(province=province) | Q(province=""))
    best, best_score = None, 0.0
    for incident in candidates.distinct().prefetch_related("sources"):
        for source in incident.sources.all():
            if source.kind == IncidentSource.Kind.COPY:
                continue
            other = _key(
                str(source.article_id),
                source.position,
                source.fields,
                source.names,
                source.reported_on,
            )
            score = pair_score(key, other)
            if score >= LINK_SCORE and score > best_score:
                best, best_score = incident, score
    return best, best_score


def _join(
    article: Article, position: int, fields: dict[str, Any], names: list[str], now: dt.datetime
) -> str:
    """Join the account to its incident or begin one; returns "new_incidents", "joined" or
    "follow_ups"."""
    key = _key(str(article.pk), position, fields, names, article.seen_on)
    incident, score = _best_incident(key)
    kind, found = IncidentSource.Kind.REPORT, ""
    if incident is None:
        incident = Incident.objects.create(created_at=now, updated_at=now)
        outcome = "new_incidents"
    else:
        found = merge.development(article.title, article.text)
        if merge.is_follow_up(
            article.seen_on,
            incident.first_reported_on,
            found,
            fields.get("police_action", "unknown"),
            incident.police_action,
        ):
            kind, outcome = IncidentSource.Kind.FOLLOW_UP, "follow_ups"
        else:
            found, outcome = "", "joined"
    IncidentSource.objects.create(
        incident=incident,
        article=article,
        position=position,
        kind=kind,
        development=found,
        fields=fields,
        names=names,
        reported_on=article.seen_on,
        link_score=None if outcome == "new_incidents" else score,
        added_at=now,
    )
    IncidentName.objects.bulk_create(
        [IncidentName(incident=incident, name=name[:200]) for name in names],
        ignore_conflicts=True,
    )
    _refresh(incident, now)
    return outcome


def _refresh(incident: Incident, now: dt.datetime) -> None:
    """Recompute the incident's fields from all its sources."""
    sources = list(incident.sources.select_related("article"))
    accounts = [s.fields for s in sources if s.kind != IncidentSource.Kind.COPY] or [
        s.fields for s in sources
    ]
    fields = merge.merged_fields(accounts)
    fields.update(incident.overrides)  # a reviewer's correction wins over any source
    for name, value in fields.items():
        setattr(incident, name, "" if value is None and name in _TEXT_FIELDS else value)
    days = [s.reported_on for s in sources if s.reported_on]
    incident.first_reported_on = min(days, default=None)
    incident.last_reported_on = max(days, default=None)
    incident.sources_count = len(sources)
    incident.outlets_count = len({s.article.outlet for s in sources})
    if incident.status == Incident.Status.NEW and merge.needs_review(fields):
        incident.status = Incident.Status.NEEDS_REVIEW
    incident.updated_at = now
    incident.save()


_TEXT_FIELDS = {
    "offence",
    "city",
    "district",
    "province",
    "district_code",
    "perpetrator_relation",
    "police_action",
}
