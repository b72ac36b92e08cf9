"""Queue an alert's SMS for everyone its area reaches in the database itself: INSERT … SELECT.

What must be sealed, and when: a subscriber's number is already sealed in ``alerts_subscriber``
and the alert's text is public. The outbox row of an alert SMS (channel ``alert_sms``) therefore
carries neither: its key ``cap:<CAP identifier>:<first 32 hex characters of the phone hash>``
names the subscriber, the text is kept once per language in ``AlertSmsText``, and the worker
unseals the number only when it sends (``alerts.delivery``). Nothing is copied, unsealed or
sealed per recipient at queueing, so a million rows are one statement per group:

1. every resolution-9 cell of the circle's covering cells whose centre is within the radius
   (enumerated and measured in Python, no query);
2. ``INSERT INTO outbox … SELECT … FROM alerts_subscriber WHERE cell IN (those cells)``, and the
   same for subscribers who named only a district the circle touches (or a chosen district);
   responders first, at the outbox's first priority (the public at its last); a plain INSERT
   on a first fan-out, else (or if another process wrote a key meanwhile) ``ON CONFLICT DO
   NOTHING``.

A key already in the outbox is skipped by the database, so a fan-out run again (or a wider
circle queued under the first message's identifier) adds only those not yet queued. Someone who
opts out after queueing is not sent to: the worker finds no subscriber and drops the message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import IntegrityError, connection, transaction
from h3.api import basic_int as h3int

from nigraan import clock
from nigraan.alerts import h3cover
from nigraan.alerts.content import AlertArea, Circle
from nigraan.alerts.fanout import RECIPIENT_HASH_CHARS, already_queued, idempotency_key
from nigraan.alerts.models import AlertSmsText
from nigraan.alerts.outbox_bulk import database_time
from nigraan.alerts.selection import _flag
from nigraan.notify.models import OutboxPriority

CHANNEL = "alert_sms"
SORT_MEMORY = "256MB"


def inside_cells(circle: Circle) -> list[int]:
    """Every resolution-9 cell whose centre is within the circle: the children of the circle's
    covering cells (the cells the index query's ranges hold), each measured once, in Python. No
    query: a 20 km circle is about 13,000 cells, measured in tens of milliseconds, where reading
    the distinct cells of a million subscribers from the index took seconds."""
    cells = {
        int(child)
        for parent in h3cover.covering_cells(circle)
        for child in h3int.cell_to_children(parent, h3cover.STORAGE_RESOLUTION)
    }
    return sorted(cell for cell in cells if h3cover.inside(circle, cell))


def _in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """``column`` among ``values``, as one parameter (an array, or JSON on SQLite)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [  # noqa: S608 (column names ours)
        json.dumps(list(values))
    ]


def _insert(
    prefix: str, condition: str, params: list[Any], responders: bool, *, first: bool
) -> int:
    """One INSERT … SELECT. On a first fan-out (no key of it in the outbox) a plain INSERT in a
    savepoint, cheaper than ON CONFLICT's per-row speculative insertion; if another process
    wrote a key meanwhile, the savepoint is rolled back and the rows go in with ON CONFLICT."""
    if first:
        try:
            with transaction.atomic():
                return _run_insert(prefix, condition, params, responders, "")
        except IntegrityError:
            pass
    return _run_insert(
        prefix, condition, params, responders, " ON CONFLICT (idempotency_key) DO NOTHING"
    )


def _byte_order() -> str:
    # Hex keys sort the same in every collation; "C" compares bytes (PostgreSQL otherwise calls
    # the locale's strcoll for every comparison: 5 of the 19 s at a million, docs/performance.md).
    return ' COLLATE "C"' if connection.vendor == "postgresql" else ""


def _run_insert(
    prefix: str, condition: str, params: list[Any], responders: bool, on_conflict: str
) -> int:
    now = database_time(clock.now())
    sql = (
        "INSERT INTO notify_outboxmessage (idempotency_key, channel, priority, "  # noqa: S608 (no user text: names and flags are ours)
        "sealed_recipient, sealed_body, status, attempts, next_attempt_at, last_error, "
        f"created_at) SELECT %s || substr(phone_lookup, 1, {RECIPIENT_HASH_CHARS}), %s, %s, "
        "%s, %s, 'pending', 0, %s, '', %s FROM alerts_subscriber "
        f"WHERE {_flag('is_responder', responders)} AND {condition} "
        f"ORDER BY phone_lookup{_byte_order()}{on_conflict}"
    )
    with connection.cursor() as cursor:
        priority = OutboxPriority.RESPONDER if responders else OutboxPriority.PUBLIC_ALERT
        cursor.execute(sql, [prefix, CHANNEL, int(priority), b"", b"", now, now, *params])
        return max(cursor.rowcount, 0)


def keep_texts(cap_identifier: str, texts: Mapping[str, str]) -> None:
    for language, text in texts.items():
        AlertSmsText.objects.update_or_create(
            identifier=cap_identifier, language=language, defaults={"text": text}
        )


def queue_area_sms(
    cap_identifier: str, texts: Mapping[str, str], area: AlertArea, *, exercise: bool = False
) -> int:
    """Queue one SMS per subscriber the area reaches (test subscribers only for a drill);
    returns how many rows were new. Call inside a transaction."""
    keep_texts(cap_identifier, texts)
    prefix = idempotency_key(cap_identifier, "")
    first = not already_queued(cap_identifier)
    test = _flag("is_test", exercise)
    groups: list[tuple[str, list[Any]]] = []
    if area.circle is not None:
        cells = inside_cells(area.circle)
        condition, params = _in_list("cell", cells)
        groups.append((f"{test} AND {condition}", params))
        if area.district_codes:
            condition, params = _in_list("district_id", area.district_codes)
            groups.append((f"{test} AND cell IS NULL AND {condition}", params))
    else:
        condition, params = _in_list("district_id", area.district_codes)
        groups.append((f"{test} AND {condition}", params))
    with _sort_memory():
        return sum(
            _insert(prefix, condition, params, responders, first=first)
            for responders in (True, False)
            for condition, params in groups
        )


@contextmanager
def _sort_memory() -> Iterator[None]:
    """On PostgreSQL, enough memory to sort a million keys in memory rather than in temporary
    files (the rows go into the outbox in key order, so the unique index is filled in order);
    for these statements only, the setting restored afterwards."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('work_mem'), set_config('work_mem', %s, true)", [SORT_MEMORY]
        )
        (previous, _) = cursor.fetchone()
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [previous])
