"""Being a good guest on outlets' servers: one pace per host, shared through the database by every
run (two overlapping runs wait for each other, not twice as often), and robots.txt read once per
host per run with ``urllib.robotparser`` (RFC 9309: a robots.txt that is missing or refused with a
4xx allows everything; one that cannot be read, a 5xx or a timeout, allows nothing this run)."""

from __future__ import annotations

import datetime as dt
import urllib.robotparser
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from nigraan import clock
from nigraan.media.ingest.http import Fetcher, FetchFailed, Sleep
from nigraan.media.models import HostPace

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: crawlers must read at least 500 KiB
MAX_CRAWL_DELAY = 600.0  # a Crawl-delay above ten minutes is taken as ten minutes


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


class HostPacer:
    """Waits (with the injected sleep) until the host's turn, then takes the next turn for
    ``delay`` seconds later."""

    def __init__(self, sleep: Sleep) -> None:
        self.sleep = sleep
        self.waited = 0.0

    def wait_turn(self, host: str, delay: float) -> None:
        while (wait := self._claim(host, delay)) > 0:
            self.waited += wait
            self.sleep(wait)

    def _claim(self, host: str, delay: float) -> float:
        """0 when this caller has the turn (and the next is booked ``delay`` later), else how many
        seconds to wait. PostgreSQL: the host's row lock; SQLite: the write lock at BEGIN."""
        try:
            with transaction.atomic():
                now = clock.now()
                pace = HostPace.objects.select_for_update().filter(host=host).first()
                if pace is None:
                    HostPace.objects.create(
                        host=host, next_request_at=now + dt.timedelta(seconds=delay)
                    )
                    return 0.0
                if pace.next_request_at > now:
                    return (pace.next_request_at - now).total_seconds()
                pace.next_request_at = now + dt.timedelta(seconds=delay)
                pace.save(update_fields=["next_request_at"])
                return 0.0
        except IntegrityError:  # another run made the host's row first: ask again
            return 0.01


class Robots:
    """robots.txt per host for one run."""

    def __init__(self, fetcher: Fetcher, pacer: HostPacer) -> None:
        self.fetcher = fetcher
        self.pacer = pacer
        self._parsers: dict[str, urllib.robotparser.RobotFileParser] = {}

    def _parser(self, url: str, delay: float, timeout: float) -> urllib.robotparser.RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._parsers:
            return self._parsers[origin]
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        self.pacer.wait_turn(host_of(url), delay)
        try:
            answer = self.fetcher.get(
                origin + "/robots.txt", timeout=timeout, max_bytes=ROBOTS_MAX_BYTES
            )
            parser.parse(answer.body.decode("utf-8", errors="replace").splitlines())
        except FetchFailed as failed:
            if failed.status is not None and 400 <= failed.status < 500 and failed.status != 429:
                parser.parse([])  # no robots.txt: everything is allowed
            else:
                parser.parse(["User-agent: *", "Disallow: /"])  # unreadable: nothing, this run
        self._parsers[origin] = parser
        return parser

    def allows(self, url: str, delay: float, timeout: float) -> bool:
        return self._parser(url, delay, timeout).can_fetch(self.fetcher.user_agent, url)

    def delay_for(self, url: str, delay: float, timeout: float) -> float:
        """The outlet's delay, or the host's Crawl-delay for us when that is longer."""
        asked = self._parser(url, delay, timeout).crawl_delay(self.fetcher.user_agent)
        return max(delay, min(float(asked), MAX_CRAWL_DELAY)) if asked else delay
