"""Notifications delivered per second through the outbox, beside a baseline in the same run.

Webhooks: messages are queued with ``enqueue_webhook`` (setup, not timed), then ``deliver_due``
is called in a loop (100 at a time, as the worker does) until none is due: each message is leased,
unsealed, POSTed with an HMAC-SHA256 signature and an Idempotency-Key to a local HTTP sink, and
settled. The baseline POSTs the same bodies, signed the same way, to the same sink with urllib, in
the same loop shape (batches of 100), with no database.

SMS: messages are queued with ``enqueue_sms`` and delivered by ``deliver_due`` through the
simulated gateway (which writes a SimulatedSms row in its own transaction). The baseline creates
the same SimulatedSms rows directly, one transaction each.

The N messages go in five rounds; in each, the baseline does its share and then the outbox
(queue, then deliver until nothing is due), so both meet the same background load. Afterwards the
sink must have seen exactly N distinct keys from the outbox (and N from the baseline), N
SimulatedSms rows must exist for the outbox's keys, and every message must be ``sent``; otherwise
the benchmark fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.conf import settings
from django.db import transaction

from nigraan import clock
from nigraan.notify.gateways import SimulatedGateway
from nigraan.notify.models import OutboxMessage, OutboxStatus, SimulatedSms
from nigraan.notify.outbox import deliver_due, enqueue_sms, enqueue_webhook

SECRET = "nigraan-bench-webhook-secret"  # noqa: S105 (synthetic, this benchmark only)
LIMIT = 100  # deliver_due's default, which the worker uses
ENQUEUE_BATCH = 500
WARM_UP = 20
ROUNDS = 5


def _rounds(count: int) -> list[range]:
    bounds = [count * r // ROUNDS for r in range(ROUNDS + 1)]
    return [range(bounds[r], bounds[r + 1]) for r in range(ROUNDS)]


class _Sink(BaseHTTPRequestHandler):
    """Answers 200 to a correctly signed POST (401 otherwise) and records its Idempotency-Key."""

    protocol_version = "HTTP/1.0"
    lock = threading.Lock()
    keys: dict[str, set[str]] = {}
    requests: dict[str, int] = {}
    refused = 0

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        expected = (
            "sha256="
            + hmac.new(
                SECRET.encode(),
                self.headers.get("X-Nigraan-Timestamp", "").encode() + b"." + body,
                hashlib.sha256,
            ).hexdigest()
        )
        key = self.headers.get("Idempotency-Key", "")
        ok = hmac.compare_digest(expected, self.headers.get("X-Nigraan-Signature", "")) and key
        with type(self).lock:
            if ok:
                prefix = key.split("-", 2)[1]  # bench-<side>-<n>
                type(self).keys.setdefault(prefix, set()).add(key)
                type(self).requests[prefix] = type(self).requests.get(prefix, 0) + 1
            else:
                type(self).refused += 1
        self.send_response(200 if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:  # quiet
        pass


def _body(n: int) -> dict:
    return {
        "event": "case.deadline_escalated",
        "case": f"NGR-B{n:09d}",
        "deadline": "first-response",
        "level": 1 + n % 3,
        "district": "PK614",
        "at": "2026-11-22T10:00:00+00:00",
        "n": n,
    }


def _plain_post(url: str, body: bytes, key: str) -> None:
    timestamp = str(int(clock.now().timestamp()))
    signature = (
        "sha256="
        + hmac.new(SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    )
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Nigraan-Timestamp": timestamp,
            "X-Nigraan-Signature": signature,
            "Idempotency-Key": key,
        },
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200:
            raise SystemExit(f"sink answered HTTP {response.status}")


def _plain_webhooks(url: str, numbers: range, side: str) -> float:
    """Seconds to POST the signed bodies, in batches of LIMIT as deliver_due is called."""
    start = time.perf_counter()
    for first in range(numbers.start, numbers.stop, LIMIT):
        for n in range(first, min(numbers.stop, first + LIMIT)):
            _plain_post(url, json.dumps(_body(n), sort_keys=True).encode(), f"bench-{side}-{n}")
    return time.perf_counter() - start


def _enqueue(numbers: range, side: str, one) -> float:
    start = time.perf_counter()
    for first in range(numbers.start, numbers.stop, ENQUEUE_BATCH):
        with transaction.atomic():
            for n in range(first, min(numbers.stop, first + ENQUEUE_BATCH)):
                one(n, f"bench-{side}-{n}")
    return time.perf_counter() - start


def _drain(gateway: SimulatedGateway | None = None, totals: dict[str, int] | None = None) -> float:
    """Seconds for deliver_due, called until nothing is due; outcomes are added to ``totals``."""
    totals = {"sent": 0, "retry": 0, "dead": 0} if totals is None else totals
    start = time.perf_counter()
    while True:
        counts = deliver_due(gateway=gateway, limit=LIMIT)
        for outcome, number in counts.items():
            totals[outcome] += number
        if not any(counts.values()):
            break
    return time.perf_counter() - start


def _check_sent(channel: str, side: str, count: int, totals: dict[str, int]) -> None:
    messages = OutboxMessage.objects.filter(
        channel=channel, idempotency_key__startswith=f"bench-{side}-"
    )
    sent = messages.filter(status=OutboxStatus.SENT).count()
    if messages.count() != count or sent != count or totals["sent"] != count:
        raise SystemExit(
            f"{channel}: {sent} of {messages.count()} queued messages sent (expected {count}); "
            f"outcomes {totals}"
        )


def _webhooks(count: int) -> list[dict]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), _Sink
    )  # port 0: a free port chosen by the kernel
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}/hook"
    try:

        def one(n: int, key: str) -> None:
            enqueue_webhook(url=url, payload=_body(n), key=key)

        # Warm-up on both sides (own keys, not counted): imports, the opener, the sink's first
        # thread.
        _plain_webhooks(url, range(WARM_UP), "warmplain")
        _enqueue(range(WARM_UP), "warmhook", one)
        _drain()
        setup = plain_seconds = outbox_seconds = 0.0
        totals = {"sent": 0, "retry": 0, "dead": 0}
        for numbers in _rounds(count):
            plain_seconds += _plain_webhooks(url, numbers, "plain")
            setup += _enqueue(numbers, "hook", one)
            outbox_seconds += _drain(totals=totals)
    finally:
        server.shutdown()
        server.server_close()
    _check_sent("webhook", "hook", count, totals)
    seen = {side: len(_Sink.keys.get(side, ())) for side in ("hook", "plain")}
    requests = {side: _Sink.requests.get(side, 0) for side in ("hook", "plain")}
    if seen != {"hook": count, "plain": count} or _Sink.refused:
        raise SystemExit(
            f"the sink saw {seen} distinct keys in {requests} requests (expected {count} each), "
            f"refused {_Sink.refused}"
        )
    duplicates = requests["hook"] - count
    return [
        {
            "measure": f"webhooks delivered/s (n={count:,}, setup {setup:.1f}s, dup {duplicates})",
            "ours": count / outbox_seconds,
            "baseline": count / plain_seconds,
            "ratio": outbox_seconds / plain_seconds,
            "target": "(information; baseline: signed urllib POSTs/s, no db)",
        }
    ]


SMS_TO, SMS_TEXT = (
    "+923001234567",
    "Nigraan: your report NGR-B000000000 was received. Receipt code: XXXX-XXXX-XXXX.",
)


def _plain_sms(numbers: range, side: str) -> float:
    """Seconds to create the same SimulatedSms rows directly, one transaction each."""
    start = time.perf_counter()
    for n in numbers:
        with transaction.atomic():
            SimulatedSms.objects.create(
                message_id=f"bench-{side}-{n}", to=SMS_TO, text=SMS_TEXT, accepted_at=clock.now()
            )
    return time.perf_counter() - start


def _sms(count: int) -> list[dict]:
    gateway = SimulatedGateway()

    def one(n: int, key: str) -> None:
        enqueue_sms(to=SMS_TO, text=SMS_TEXT, key=key)

    _plain_sms(range(WARM_UP), "warmplainsms")
    _enqueue(range(WARM_UP), "warmsms", one)
    _drain(gateway)
    setup = plain_seconds = outbox_seconds = 0.0
    totals = {"sent": 0, "retry": 0, "dead": 0}
    for numbers in _rounds(count):
        plain_seconds += _plain_sms(numbers, "plainsms")
        setup += _enqueue(numbers, "sms", one)
        outbox_seconds += _drain(gateway, totals)
    _check_sent("sms", "sms", count, totals)
    for side in ("sms", "plainsms"):
        rows = SimulatedSms.objects.filter(message_id__startswith=f"bench-{side}-").count()
        if rows != count:
            raise SystemExit(f"{rows} SimulatedSms rows for bench-{side}- (expected {count})")
    return [
        {
            "measure": f"SMS delivered/s, simulated gateway (n={count:,}, setup {setup:.1f}s)",
            "ours": count / outbox_seconds,
            "baseline": count / plain_seconds,
            "ratio": outbox_seconds / plain_seconds,
            "target": "(information; baseline: SimulatedSms inserts/s, 1 per tx)",
        }
    ]


def run(count: int) -> list[dict]:
    settings.NIGRAAN_WEBHOOK_SECRET = SECRET  # this process only (run_one.py, a fresh process)
    settings.NIGRAAN_SMS_GATEWAY_URL = ""  # the simulated gateway
    os.environ["no_proxy"] = ",".join(filter(None, [os.environ.get("no_proxy", ""), "127.0.0.1"]))
    return _webhooks(count) + _sms(count)
