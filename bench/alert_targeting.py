"""Alert targeting and fan-out over N subscribers inside a 20 km circle in dense Karachi.

Setup (not timed): N subscribers at random places within 20 km of Korangi Crossing (district
PK712), N more elsewhere (a ring 20.5-40 km around it, five other cities) and 1,000 around Gwadar,
each with a sealed phone number and its keyed hash, inserted directly.

Measured, each beside a baseline in the same run:
1. Selecting everyone inside the dense circle through the cell index (``recipients_in_circle``:
   covering ranges, index range scans, exact distance filter), beside a full scan of every
   subscriber with the same exact filter. The two must find the same people.
2. The same for a 20 km circle around Gwadar, where few subscribers live (where an index pays).
3. Selecting and queueing the N outbox SMS as the workflow does (``fanout_sql.queue_area_sms``:
   the circle's cells enumerated and measured in Python, one INSERT ... SELECT per group, nothing
   sealed per recipient), beside a plain COPY (PostgreSQL) / prepared INSERT (SQLite) of the
   same rows (same keys, sorted, empty blobs) in one transaction.
4. The earlier per-row path (``fanout.queue_alert_sms``: select, unseal each number, seal
   recipient and body under the outbox key, idempotency keys, bulk insert in batches of 5,000),
   beside a plain bulk insert of the same number of outbox rows (same batches, same
   transactions and the same COPY / prepared INSERT, blobs sealed once beforehand). The
   baseline runs first and its rows are deleted before the fan-out runs, so both insert into
   the same empty table; the fan-out must then have queued exactly the people the selection
   found.
"""

from __future__ import annotations

import hashlib
import math
import random
import time

from django.db import connection, transaction

from nigraan import clock
from nigraan.alerts import h3cover, phones
from nigraan.alerts.areas import circle_area
from nigraan.alerts.content import Circle
from nigraan.alerts.fanout import BATCH, queue_alert_sms
from nigraan.alerts.fanout_sql import CHANNEL, inside_cells, queue_area_sms
from nigraan.alerts.geometry import destination
from nigraan.alerts.models import Subscriber
from nigraan.alerts.outbox_bulk import database_time, insert_outbox_rows, sms_row
from nigraan.alerts.selection import recipients_in_circle
from nigraan.geo.load import load_geography
from nigraan.geo.models import District
from nigraan.notify import sealing
from nigraan.notify.models import OutboxMessage

KORANGI = (24.8330, 67.1150)
GWADAR = (25.1264, 62.3225)
ELSEWHERE = [(31.52, 74.36), (34.01, 71.58), (30.18, 67.00), (30.20, 71.47), (33.68, 73.05)]
INSERT_BATCH = 20_000
SPARSE = 1_000
TEXTS = {
    "en": "Missing child: Bilal, 6, last seen at Korangi Crossing, Karachi. Blue shalwar kameez, "
    "black sandals. If you see him, call Police 15 or 1099. https://nigraan.example/en/alerts/A-1/",
    "ur": "لاپتہ بچہ: بلال، عمر 6 سال، آخری بار کورنگی کراسنگ، کراچی میں دیکھا گیا۔ نیلا شلوار "
    "قمیض۔ پولیس 15 یا 1099 پر فون کریں۔ https://nigraan.example/ur/alerts/A-1/",
}


def _point_in_disc(rng: random.Random, centre: tuple[float, float], low: float, high: float):
    radius = math.sqrt(rng.uniform(low * low, high * high))  # uniform over the area
    return destination(*centre, rng.uniform(0, 2 * math.pi), radius)


def _places(count: int, rng: random.Random):
    """(district, cell) for every subscriber: inside, outside near, elsewhere, Gwadar."""
    for _ in range(count):
        yield "PK712", h3cover.subscriber_cell(*_point_in_disc(rng, KORANGI, 0, 20))
    for n in range(count):
        if n % 10 == 0:
            yield "PK712", h3cover.subscriber_cell(*_point_in_disc(rng, KORANGI, 20.5, 40))
        else:
            city = ELSEWHERE[n % len(ELSEWHERE)]
            yield "PK614", h3cover.subscriber_cell(*_point_in_disc(rng, city, 0, 25))
    for _ in range(SPARSE):
        yield "PK205", h3cover.subscriber_cell(*_point_in_disc(rng, GWADAR, 0, 30))


def _fill(count: int) -> None:
    if not District.objects.exists():
        load_geography()
    now = connection.ops.adapt_datetimefield_value(clock.now())
    sql = (
        "INSERT INTO alerts_subscriber (phone_lookup, sealed_phone, language, district_id, cell, "
        "is_responder, is_test, opted_in_by, opted_in_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, 'web', %s)"
    )
    rng = random.Random(14)
    rows = []
    for n, (district, cell) in enumerate(_places(count, rng)):
        phone = f"+92{3000000000 + n}"
        lookup = phones.phone_lookup(phone)
        language = "ur" if n % 3 else "en"
        rows.append(
            (lookup, phones.seal_phone(phone, lookup), language, district, cell, False, False, now)
        )
        if len(rows) == INSERT_BATCH:
            _insert(sql, rows)
            rows = []
    _insert(sql, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE alerts_subscriber")


def _insert(sql: str, rows: list) -> None:
    if rows:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def _full_scan(circle: Circle) -> set[int]:
    """Every subscriber read (the same columns the index query reads), the same exact filter."""
    verdicts: dict[int, bool] = {}
    found = set()
    sql = (
        "SELECT id, phone_lookup, sealed_phone, language, cell FROM alerts_subscriber "
        "WHERE NOT is_test"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = [row for batch in iter(lambda: cursor.fetchmany(10_000), []) for row in batch]
    for pk, _lookup, _sealed, _language, cell in rows:
        if cell is None:
            continue
        verdict = verdicts.get(cell)
        if verdict is None:
            verdict = verdicts[cell] = h3cover.inside(circle, cell)
        if verdict:
            found.add(pk)
    return found


def _compare_selection(label: str, circle: Circle, expected: int | None) -> dict:
    start = time.perf_counter()
    found = {r.subscriber_id for r in recipients_in_circle(circle, ())}
    ours = time.perf_counter() - start
    start = time.perf_counter()
    scanned = _full_scan(circle)
    baseline = time.perf_counter() - start
    if found != scanned or (expected is not None and len(found) != expected):
        raise SystemExit(f"{label}: index found {len(found)}, full scan {len(scanned)}")
    total = Subscriber.objects.count()
    return {
        "measure": f"select {label}: {len(found):,} of {total:,} (s)",
        "ours": ours,
        "baseline": baseline,
        "ratio": ours / baseline,
        "target": "(information; baseline: full scan, same exact filter)",
    }


def _hashed(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()[:32]


def _plain_insert(count: int) -> float:
    """Seconds to insert ``count`` outbox rows with the fan-out's insert, batches and
    transactions, the blobs sealed once beforehand."""
    recipient = sealing.seal("+923001234567", "x|to")
    body = sealing.seal(TEXTS["ur"], "x|body")
    start = time.perf_counter()
    for first in range(0, count, BATCH):
        with transaction.atomic():
            now = database_time(clock.now())
            # Keys in hash order, as the fan-out's are (a sorted run of keys would only ever
            # append to the unique index, which is cheaper than the real thing).
            rows = [
                sms_row(f"plain:{_hashed(n)}", recipient, body, now)
                for n in range(first, min(count, first + BATCH))
            ]
            insert_outbox_rows(rows)
    return time.perf_counter() - start


def _select_and_queue(circle: Circle, inside: int) -> dict:
    plain = _plain_insert(inside)
    OutboxMessage.objects.filter(idempotency_key__startswith="plain:").delete()
    area = circle_area(circle)
    start = time.perf_counter()
    result = queue_alert_sms(
        "NGR-BENCH-A-1", TEXTS, recipients_in_circle(circle, area.district_codes)
    )
    ours = time.perf_counter() - start
    queued = OutboxMessage.objects.filter(idempotency_key__startswith="cap:NGR-BENCH-A-1:").count()
    if result.queued != inside or queued != inside:
        raise SystemExit(f"fan-out queued {result.queued} ({queued} rows), expected {inside}")
    return {
        "measure": f"select and queue {inside:,} SMS, 20 km circle (s)",
        "ours": ours,
        "baseline": plain,
        "ratio": ours / plain,
        "target": "< 10 s on PostgreSQL at 1M; ratio <= 2 (baseline: plain bulk insert)",
    }


def _plain_reference_rows(count: int) -> float:
    """Seconds to COPY (PostgreSQL) or insert (SQLite) ``count`` outbox rows like the set-based
    fan-out's (key, channel, empty blobs), keys in the same sorted order, one transaction."""
    keys = sorted(f"plain:{_hashed(n)}" for n in range(count))
    start = time.perf_counter()
    with transaction.atomic():
        now = database_time(clock.now())
        rows = [(key, CHANNEL, b"", b"", "pending", 0, now, "", now) for key in keys]
        insert_outbox_rows(rows)
    return time.perf_counter() - start


def _queue_in_database(circle: Circle, inside: int) -> dict:
    """The fan-out the workflow uses: INSERT ... SELECT, nothing sealed per recipient."""
    plain = _plain_reference_rows(inside)
    OutboxMessage.objects.filter(idempotency_key__startswith="plain:").delete()
    area = circle_area(circle)
    start = time.perf_counter()
    with transaction.atomic():
        queued = queue_area_sms("NGR-BENCH-B-1", TEXTS, area)
    ours = time.perf_counter() - start
    start = time.perf_counter()
    cells = len(inside_cells(circle))
    enumerate_cells = time.perf_counter() - start
    rows = OutboxMessage.objects.filter(idempotency_key__startswith="cap:NGR-BENCH-B-1:").count()
    if queued != inside or rows != inside:
        raise SystemExit(f"set-based fan-out queued {queued} ({rows} rows), expected {inside}")
    OutboxMessage.objects.filter(idempotency_key__startswith="cap:NGR-BENCH-B-1:").delete()
    return {
        "measure": f"select and queue {inside:,} SMS in the database, 20 km circle (s) "
        f"[{cells:,} cells enumerated in {enumerate_cells:.2f}s]",
        "ours": ours,
        "baseline": plain,
        "ratio": ours / plain,
        "target": "< 10 s on PostgreSQL at 1M; ratio <= 2 (baseline: plain COPY of the rows)",
    }


def run(count: int) -> list[dict]:
    start = time.perf_counter()
    _fill(count)
    setup = time.perf_counter() - start
    dense = Circle(*KORANGI, 20.0)
    rows = [_compare_selection("20 km circle, dense Karachi", dense, None)]
    inside = len(_full_scan(dense))
    rows.append(_compare_selection("20 km circle, sparse Gwadar", Circle(*GWADAR, 20.0), None))
    rows.append(_queue_in_database(dense, inside))
    rows.append(_select_and_queue(dense, inside))
    rows[0]["measure"] += f" [setup {setup:.0f}s]"
    return rows
