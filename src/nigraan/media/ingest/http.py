"""HTTP for press ingest: one GET with a timeout on every step and a bound on the whole answer,
conditional headers, a size limit, and retries with exponential backoff on the answers that mean
"try again" (5xx, 429, a dropped connection). The sleep between retries is injected, so tests
never wait. A timeout is not retried: a slow outlet must not hold the run for several timeouts;
its feed or page is read again next run. ``FetchFailed.transient`` tells the caller whether a
later run may do better (a timeout, a 503) or not (a 404, a page too large)."""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin

import urllib3

MAX_BYTES = 5 * 1024 * 1024  # a news page or feed larger than this is not a news page or feed
RETRY_STATUSES = {429, 500, 502, 503, 504}
ATTEMPTS = 3  # the first try and two retries
BACKOFF_SECONDS = 2.0  # 2 s, then 4 s (or what Retry-After asks, at most MAX_BACKOFF_SECONDS)
MAX_BACKOFF_SECONDS = 60.0
CHUNK = 64 * 1024

Sleep = Callable[[float], None]


class FetchFailed(Exception):
    """The address could not be read. ``transient``: a later run may succeed; ``retry_now``: worth
    trying again in this run, after a backoff (a dropped connection, not a timeout)."""

    def __init__(
        self, reason: str, *, transient: bool, status: int | None = None, retry_now: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.status = status
        self.retry_now = retry_now


@dataclass
class Answer:
    url: str  # after redirects
    status: int
    headers: dict[str, str]
    body: bytes = b""
    retries: int = 0
    waited: list[float] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


class Fetcher:
    """GETs for one run, through one connection pool (keep-alive per host)."""

    def __init__(
        self,
        user_agent: str,
        *,
        sleep: Sleep = time.sleep,
        attempts: int = ATTEMPTS,
        backoff: float = BACKOFF_SECONDS,
    ) -> None:
        self.user_agent = user_agent
        self.sleep = sleep
        self.attempts = attempts
        self.backoff = backoff
        # Redirects are followed (up to five); every other retry is ours, below, so it can back
        # off with the injected sleep.
        self.pool = urllib3.PoolManager(
            retries=urllib3.Retry(total=None, connect=0, read=0, status=0, other=0, redirect=5),
            maxsize=2,
        )

    def get(
        self,
        url: str,
        *,
        timeout: float,
        etag: str = "",
        last_modified: str = "",
        max_bytes: int = MAX_BYTES,
    ) -> Answer:
        """GET ``url``; 200 and 304 are answers, anything else raises FetchFailed (after the
        retries for 5xx, 429 and dropped connections)."""
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        waited: list[float] = []
        for attempt in range(1, self.attempts + 1):
            try:
                answer = self._once(url, headers, timeout, max_bytes)
            except FetchFailed as failed:
                if not failed.retry_now or attempt == self.attempts:
                    raise
                delay = self.backoff * 2 ** (attempt - 1)
            else:
                if answer.status not in RETRY_STATUSES:
                    answer.retries, answer.waited = attempt - 1, waited
                    return _accepted(answer)
                if attempt == self.attempts:
                    raise FetchFailed(
                        f"answered {answer.status} after {attempt} tries",
                        transient=True,
                        status=answer.status,
                    )
                delay = _retry_after(answer) or self.backoff * 2 ** (attempt - 1)
            delay = min(delay, MAX_BACKOFF_SECONDS)
            waited.append(delay)
            self.sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _once(self, url: str, headers: dict[str, str], timeout: float, max_bytes: int) -> Answer:
        deadline = time.monotonic() + timeout
        try:
            response = self.pool.request(
                "GET",
                url,
                headers=headers,
                timeout=urllib3.Timeout(connect=timeout, read=timeout),
                preload_content=False,
                redirect=True,
            )
        except urllib3.exceptions.TimeoutError as error:
            raise FetchFailed(f"timed out after {timeout:g} s", transient=True) from error
        except urllib3.exceptions.MaxRetryError as error:
            return _raise_connection(error, timeout)
        except urllib3.exceptions.HTTPError as error:
            raise FetchFailed(
                f"connection failed ({type(error).__name__})", transient=True, retry_now=True
            ) from error
        try:
            body = _read_within(response, deadline, timeout, max_bytes)
        finally:
            response.release_conn()
        final = url
        history = response.retries.history if response.retries else ()
        if history and history[-1].redirect_location:
            final = urljoin(url, history[-1].redirect_location)
        answer_headers = {key.lower(): value for key, value in response.headers.items()}
        return Answer(final, response.status, answer_headers, body)


def _raise_connection(error: urllib3.exceptions.MaxRetryError, timeout: float) -> Answer:
    reason = error.reason
    # Order matters: urllib3's NewConnectionError (a refused connection) is a subclass of its
    # ConnectTimeoutError, and NameResolutionError of NewConnectionError.
    if isinstance(reason, urllib3.exceptions.NameResolutionError):
        raise FetchFailed("host name not found", transient=True) from error
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        raise FetchFailed("connection failed (refused)", transient=True, retry_now=True) from error
    if isinstance(reason, urllib3.exceptions.TimeoutError):
        raise FetchFailed(f"timed out after {timeout:g} s", transient=True) from error
    kind = type(reason).__name__ if reason else "no answer"
    raise FetchFailed(f"connection failed ({kind})", transient=True, retry_now=True) from error


def _read_within(
    response: urllib3.BaseHTTPResponse, deadline: float, timeout: float, max_bytes: int
) -> bytes:
    """The body, refused when it is too large or takes longer than the timeout in all (a server
    sending a byte at a time never trips a per-read timeout)."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchFailed(f"larger than {max_bytes // 1024} KiB", transient=False)
    parts: list[bytes] = []
    size = 0
    try:
        for chunk in response.stream(CHUNK, decode_content=True):
            parts.append(chunk)
            size += len(chunk)
            if size > max_bytes:
                raise FetchFailed(f"larger than {max_bytes // 1024} KiB", transient=False)
            if time.monotonic() > deadline:
                raise FetchFailed(f"timed out after {timeout:g} s", transient=True)
    except urllib3.exceptions.ReadTimeoutError as error:
        raise FetchFailed(f"timed out after {timeout:g} s", transient=True) from error
    except urllib3.exceptions.HTTPError as error:
        raise FetchFailed(
            f"the answer broke off ({type(error).__name__})", transient=True, retry_now=True
        ) from error
    return b"".join(parts)


def _accepted(answer: Answer) -> Answer:
    if answer.status in (200, 304):
        return answer
    transient = answer.status in (408,) or answer.status >= 500
    raise FetchFailed(f"answered {answer.status}", transient=transient, status=answer.status)


def _retry_after(answer: Answer) -> float | None:
    value = answer.headers.get("retry-after", "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when.tzinfo else None
