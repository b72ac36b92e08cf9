"""The log's side of ``add-checkpoint`` (c2sp.org/tlog-witness): one HTTP POST, with a timeout,
retried when the witness cannot be reached or answers 5xx. No database here: pushes to several
witnesses run in threads at once."""

from __future__ import annotations

import base64
import http.client
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

MAX_ANSWER_BYTES = 64 * 1024
RETRY_STATUSES = {500, 502, 503, 504}
# Witnesses are reached directly: a proxy set in the environment for other traffic is not used.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class WitnessUnreachable(ConnectionError):
    pass


@dataclass(frozen=True)
class WitnessAnswer:
    status: int
    content_type: str
    body: str


def request_body(old_size: int, proof: Sequence[bytes], note: str) -> bytes:
    lines = "".join(base64.b64encode(node).decode() + "\n" for node in proof)
    return f"old {old_size}\n{lines}\n{note}".encode()


def _post_once(url: str, body: bytes, timeout: float) -> WitnessAnswer:
    request = urllib.request.Request(  # noqa: S310 (URL from the operator's witness list)
        url, data=body, method="POST", headers={"Content-Type": "text/plain; charset=utf-8"}
    )
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return WitnessAnswer(
                response.status,
                response.headers.get("Content-Type", ""),
                response.read(MAX_ANSWER_BYTES).decode("utf-8", "replace"),
            )
    except urllib.error.HTTPError as error:
        with error:
            return WitnessAnswer(
                error.code,
                error.headers.get("Content-Type", ""),
                error.read(MAX_ANSWER_BYTES).decode("utf-8", "replace"),
            )


def add_checkpoint(
    base_url: str,
    old_size: int,
    proof: Sequence[bytes],
    note: str,
    *,
    timeout: float,
    attempts: int = 2,
    backoff: float = 0.5,
) -> WitnessAnswer:
    """POST ``{base_url}/add-checkpoint``. Raises WitnessUnreachable after ``attempts`` tries
    that got no answer (or only 5xx)."""
    body = request_body(old_size, proof, note)
    problem = "no attempt made"
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        try:
            answer = _post_once(base_url + "/add-checkpoint", body, timeout)
        except (OSError, http.client.HTTPException, urllib.error.URLError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
            continue
        if answer.status not in RETRY_STATUSES:
            return answer
        problem = f"answered {answer.status}"
    raise WitnessUnreachable(problem[:250])
