"""Article and feed rows for ingest. Every write is safe to repeat and safe beside another run:
a listing is queued once (unique key), a page is claimed with a short lease before it is read
(the outbox's pattern), and its text is saved only while it is still queued."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from nigraan import clock
from nigraan.media.ingest.http import FetchFailed
from nigraan.media.ingest.listings import Entry
from nigraan.media.ingest.pages import PageText
from nigraan.media.ingest.urls import address_key
from nigraan.media.models import Article, FeedState

MAX_PAGE_ATTEMPTS = 3  # runs in which a page timed out or answered 5xx before it is set aside
Status = Article.Status


def _lease() -> dt.timedelta:
    """How long a feed or page is held by the run reading it (NIGRAAN_PRESS_LEASE_SECONDS, 15
    minutes): longer than one read with its retries can take, so two runs never read it at once;
    a killed run's hold runs out after it."""
    return dt.timedelta(seconds=settings.NIGRAAN_PRESS_LEASE_SECONDS)


def claim_listing(address: str, outlet: str) -> FeedState | None:
    """The feed's state, leased to this run; None when another run is reading it now."""
    now = clock.now()
    FeedState.objects.get_or_create(address=address, defaults={"outlet": outlet})
    taken = FeedState.objects.filter(
        Q(leased_until__isnull=True) | Q(leased_until__lt=now), address=address
    ).update(leased_until=now + _lease(), outlet=outlet)
    return FeedState.objects.get(address=address) if taken else None


def release_listing(state: FeedState, status: str, error: str = "", **validators: str) -> None:
    """Record what the listing answered and free it. The validators (etag, last_modified) are
    saved only after every entry was queued, so a run killed half-way reads the feed whole again
    rather than getting a 304 for entries it never queued."""
    state.last_read_at = clock.now()
    state.last_status = status[:40]
    state.last_error = error
    state.failures_in_a_row = state.failures_in_a_row + 1 if error else 0
    state.leased_until = None
    for name, value in validators.items():
        setattr(state, name, value or "")
    state.save()


def queue_entry(outlet: str, feed: str, entry: Entry) -> str:
    """Queue a listed article once: "queued", "known" (listed before), or "set_aside" (an entry
    that cannot be an article, kept with its reason)."""
    key = address_key(entry.key_source)
    if Article.objects.filter(key=key).exists():
        return "known"
    status = Status.SET_ASIDE if entry.problem else Status.QUEUED
    try:
        with transaction.atomic():
            Article.objects.create(
                key=key,
                outlet=outlet,
                feed=feed,
                url=entry.link,
                title=entry.title[:2000],
                published_on=entry.published,
                published_from="feed" if entry.published else "",
                listed_at=clock.now(),
                status=status,
                reason=entry.problem,
            )
    except IntegrityError:  # another run queued it between the check and the insert
        return "known"
    return "set_aside" if entry.problem else "queued"


def queued_for(outlet: str, limit: int) -> list[int]:
    """Up to ``limit`` queued pages of an outlet, oldest listing first (nothing starves)."""
    now = clock.now()
    return list(
        Article.objects.filter(outlet=outlet, status=Status.QUEUED)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .order_by("listed_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def claim_page(article_id: int) -> Article | None:
    """The queued article, leased to this run; None when another run has it or it is done."""
    now = clock.now()
    taken = (
        Article.objects.filter(pk=article_id, status=Status.QUEUED)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .update(leased_until=now + _lease())
    )
    return Article.objects.get(pk=article_id) if taken else None


def save_page(article: Article, page: PageText) -> str:
    """Keep the page's text (status pending, for the extractor), or mark the article a copy of
    the article that already has the same canonical address. Returns the new status ("taken"
    when another run finished the article first)."""
    canonical = address_key(page.canonical_url)
    fields: dict[str, object] = {
        "canonical_url": page.canonical_url,
        "title": page.title or article.title,
        "text": page.text,
        "language": page.language,
        "fetched_at": clock.now(),
        "leased_until": None,
        "attempts": article.attempts + 1,
        "reason": "",
    }
    if page.published:
        fields.update(published_on=page.published, published_from="page")
    for _ in range(2):  # a second look when another run saved the same canonical page meanwhile
        same = Article.objects.filter(canonical_key=canonical).exclude(pk=article.pk).first()
        if same is not None:
            status = {
                "status": Status.COPY,
                "copy_of_id": same.copy_of_id or same.pk,
                "reason": f"the same page as article {same.pk} (canonical address)",
            }
        else:
            status = {"status": Status.PENDING, "canonical_key": canonical}
        try:
            with transaction.atomic():
                saved = Article.objects.filter(pk=article.pk, status=Status.QUEUED).update(
                    **{**fields, **status}
                )
        except IntegrityError:
            continue
        return str(status["status"]) if saved else "taken"
    return "taken"


def page_failed(article: Article, failed: FetchFailed) -> str:
    """A page that could not be read: queued again for the next run when that may help (a
    timeout, a 5xx), else — or after MAX_PAGE_ATTEMPTS runs — set aside with the reason."""
    attempts = article.attempts + 1
    if failed.transient and attempts < MAX_PAGE_ATTEMPTS:
        Article.objects.filter(pk=article.pk).update(
            attempts=attempts, leased_until=None, reason=f"page {failed.reason}; will retry"
        )
        return "retry"
    set_aside(article, f"page {failed.reason}", attempts=attempts)
    return "set_aside"


def set_aside(article: Article, reason: str, *, attempts: int | None = None) -> None:
    Article.objects.filter(pk=article.pk).update(
        status=Status.SET_ASIDE,
        reason=reason,
        leased_until=None,
        processed_at=clock.now(),
        attempts=article.attempts if attempts is None else attempts,
    )
