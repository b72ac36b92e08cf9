"""One ingest run: read every outlet's feeds and sitemap (conditional GET), queue what they list,
read the queued pages politely (robots.txt, one pace per host, at most ``max_pages_per_run`` per
outlet, outlets taken in turn so no host waits on another's delay), keep their text, then hand
every pending article to the extractor and join its incidents.

Bad input never stops a run: a feed that fails is recorded on its ``FeedState`` and the run goes
on; an entry or page that cannot be an article is set aside with the reason (``Article.reason``),
or queued again when a later run may do better."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from itertools import zip_longest

from nigraan import clock
from nigraan.media.incidents.attach import process_pending
from nigraan.media.ingest import store
from nigraan.media.ingest.http import Fetcher, FetchFailed, Sleep
from nigraan.media.ingest.listings import Listing, ListingRefused, read_feed, read_sitemap
from nigraan.media.ingest.outlets import Outlet, Outlets
from nigraan.media.ingest.pages import PageRefused, read_page
from nigraan.media.ingest.politeness import HostPacer, Robots, host_of
from nigraan.media.models import Article, IngestRun

log = logging.getLogger("nigraan.media.ingest")


class Ingest:
    """One run over some outlets. ``sleep`` is injected: tests pass one that records the waits
    and moves a fixed clock instead of waiting."""

    def __init__(self, outlets: Outlets, *, sleep: Sleep = time.sleep) -> None:
        self.fetcher = Fetcher(outlets.user_agent, sleep=sleep)
        self.pacer = HostPacer(sleep)
        self.robots = Robots(self.fetcher, self.pacer)
        self.counts: Counter[str] = Counter()

    def run(self, selected: list[Outlet]) -> dict[str, int]:
        record = IngestRun.objects.create(
            started_at=clock.now(), outlet=selected[0].name if len(selected) == 1 else ""
        )
        for outlet in selected:
            for address in outlet.feeds:
                self._read_listing_safely(outlet, address, sitemap=False)
            if outlet.sitemap:
                self._read_listing_safely(outlet, outlet.sitemap, sitemap=True)
        self.read_pages(selected)
        self.counts.update(process_pending())
        self.counts["seconds_waited_for_hosts"] = round(self.pacer.waited)
        record.finished_at = clock.now()
        record.counts = dict(self.counts)
        record.save(update_fields=["finished_at", "counts"])
        return dict(self.counts)

    # --- listings --------------------------------------------------------------------------------

    def _allowed(self, outlet: Outlet, url: str) -> bool:
        polite = outlet.politeness
        return self.robots.allows(url, polite.min_delay_seconds, polite.timeout_seconds)

    def _turn(self, outlet: Outlet, url: str) -> None:
        polite = outlet.politeness
        delay = self.robots.delay_for(url, polite.min_delay_seconds, polite.timeout_seconds)
        self.pacer.wait_turn(host_of(url), delay)

    def _read_listing_safely(self, outlet: Outlet, address: str, *, sitemap: bool) -> None:
        """One listing; an error nobody foresaw is logged and counted, and the run goes on to
        the next (the listing's lease runs out by itself)."""
        try:
            self.read_listing(outlet, address, sitemap=sitemap)
        except Exception:
            log.exception("%s: reading %s failed", outlet.name, address)
            self.counts["listings_failed"] += 1

    def read_listing(self, outlet: Outlet, address: str, *, sitemap: bool, depth: int = 0) -> None:
        state = store.claim_listing(address, outlet.name)
        if state is None:
            self.counts["listings_read_by_another_run"] += 1
            return
        if not self._allowed(outlet, address):
            self.counts["listings_refused_by_robots"] += 1
            store.release_listing(state, "robots", "robots.txt disallows reading it")
            return
        self._turn(outlet, address)
        try:
            answer = self.fetcher.get(
                address,
                timeout=outlet.politeness.timeout_seconds,
                etag=state.etag,
                last_modified=state.last_modified,
            )
            if answer.status == 304:
                self.counts["listings_not_modified"] += 1
                store.release_listing(state, "304")
                return
            today = clock.now().date()
            if sitemap:
                listing = read_sitemap(answer.body, answer.url, today)
            else:
                listing = read_feed(answer.body, answer.url)
        except (FetchFailed, ListingRefused) as failed:
            self.counts["listings_failed"] += 1
            log.warning("%s: %s: %s", outlet.name, address, failed)
            store.release_listing(state, _status_of(failed), str(failed))
            return
        self.counts["listings_read"] += 1
        self._queue(outlet, address, listing)
        store.release_listing(
            state,
            str(answer.status),
            etag=answer.headers.get("etag", ""),
            last_modified=answer.headers.get("last-modified", ""),
        )
        if depth == 0:
            for child in listing.child_sitemaps:
                self.read_listing(outlet, child, sitemap=True, depth=1)

    def _queue(self, outlet: Outlet, address: str, listing: Listing) -> None:
        for entry in listing.entries:
            outcome = store.queue_entry(outlet.name, address, entry)
            self.counts[{"set_aside": "entries_set_aside"}.get(outcome, f"entries_{outcome}")] += 1

    # --- pages -----------------------------------------------------------------------------------

    def read_pages(self, selected: list[Outlet]) -> None:
        """The queued pages, one outlet after another in turn (round robin)."""
        batches = []
        for outlet in selected:
            queued = store.queued_for(outlet.name, outlet.politeness.max_pages_per_run)
            batches.append([(outlet, article_id) for article_id in queued])
        for outlet, article_id in _in_turn(batches):
            article = store.claim_page(article_id)
            if article is None:
                self.counts["pages_read_by_another_run"] += 1
                continue
            self.counts[f"pages_{self.read_page(outlet, article)}"] += 1

    def read_page(self, outlet: Outlet, article: Article) -> str:
        if not self._allowed(outlet, article.url):
            store.set_aside(article, "robots.txt disallows reading the page")
            return "refused_by_robots"
        self._turn(outlet, article.url)
        try:
            answer = self.fetcher.get(article.url, timeout=outlet.politeness.timeout_seconds)
            page = read_page(answer, clock.now().date())
        except FetchFailed as failed:
            return store.page_failed(article, failed)
        except PageRefused as refused:
            store.set_aside(article, str(refused), attempts=article.attempts + 1)
            return "set_aside"
        except Exception as error:  # a parser's own bug on strange HTML must not stop the run
            log.exception("%s: reading %s failed", outlet.name, article.url)
            reason = f"the page could not be read ({type(error).__name__})"
            store.set_aside(article, reason, attempts=article.attempts + 1)
            return "set_aside"
        # The page's HTML (answer.body) goes no further than this function.
        return store.save_page(article, page)


def _in_turn(batches: list[list[tuple[Outlet, int]]]) -> Iterator[tuple[Outlet, int]]:
    for row in zip_longest(*batches):
        yield from (item for item in row if item is not None)


def _status_of(failed: Exception) -> str:
    if isinstance(failed, FetchFailed) and failed.status:
        return str(failed.status)
    return "failed"


def ingest(
    outlets: Outlets, name: str | None = None, *, sleep: Sleep = time.sleep
) -> dict[str, int]:
    """Run ingest over every enabled outlet, or the one named."""
    return Ingest(outlets, sleep=sleep).run(outlets.enabled(name))
