"""Queue an alert's SMS for everyone its area reaches in the database itself: INSERT … SELECT.

What must be sealed, and when: a subscriber's number is already sealed in ``alerts_subscriber``
and the alert's text is public. The outbox row of an alert SMS (channel ``alert_sms``) therefore
carries neither: its key ``cap:<CAP identifier>:<first 32 hex characters of the phone hash>``
names the subscriber, the text is kept once per language in ``AlertSmsText``, and the worker
unseals the number only when it sends (``alerts.delivery``). Nothing is copied, unsealed or
sealed per recipient at queueing, so a million rows are one statement per group:

1. the distinct cells in the circle's covering ranges (read from the cell index), kept when the
   cell's centre is within the radius (each cell measured once, in Python);
2. ``INSERT INTO outbox … SELECT … FROM alerts_subscriber WHERE cell IN (those cells)``, and the
   same for subscribers who named only a district the circle touches (or a chosen district);
   responders first (lower ids are delivered first), each ``ON CONFLICT DO NOTHING``.

A key already in the outbox is skipped by the database, so a fan-out run again (or a wider
circle queued under the first message's identifier) adds only those not yet queued. Someone who
opts out after queueing is not sent to: the worker finds no subscriber and drops the message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection

from nigraan import clock
from nigraan.alerts import h3cover
from nigraan.alerts.content import AlertArea, Circle
from nigraan.alerts.fanout import RECIPIENT_HASH_CHARS, idempotency_key
from nigraan.alerts.models import AlertSmsText
from nigraan.alerts.outbox_bulk import database_time
from nigraan.alerts.selection import RANGES_PER_QUERY, _flag

CHANNEL = "alert_sms"


def inside_cells(circle: Circle, *, exercise: bool) -> list[int]:
    """The subscribers' cells within the circle (distinct cells from the index, exact test)."""
    quote = connection.ops.quote_name
    ranges = h3cover.circle_ranges(circle)
    cells: set[int] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(ranges), RANGES_PER_QUERY):
            group = ranges[start : start + RANGES_PER_QUERY]
            between = " OR ".join(["cell BETWEEN %s AND %s"] * len(group))
            cursor.execute(
                f"SELECT DISTINCT cell FROM alerts_subscriber "  # noqa: S608 (no user text)
                f"WHERE {_flag(quote('is_test'), exercise)} AND ({between})",
                [bound for pair in group for bound in pair],
            )
            cells.update(cell for (cell,) in cursor.fetchall())
    return sorted(cell for cell in cells if h3cover.inside(circle, cell))


def _in_list(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """``column`` among ``values``, as one parameter (an array, or JSON on SQLite)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN (SELECT value FROM json_each(%s))", [  # noqa: S608 (column names ours)
        json.dumps(list(values))
    ]


def _insert(prefix: str, condition: str, params: list[Any], responders: bool) -> int:
    now = database_time(clock.now())
    sql = (
        "INSERT INTO notify_outboxmessage (idempotency_key, channel, sealed_recipient, "  # noqa: S608 (no user text: names and flags are ours)
        "sealed_body, status, attempts, next_attempt_at, last_error, created_at) "
        f"SELECT %s || substr(phone_lookup, 1, {RECIPIENT_HASH_CHARS}), %s, %s, %s, "
        "'pending', 0, %s, '', %s FROM alerts_subscriber "
        f"WHERE {_flag('is_responder', responders)} AND {condition} "
        "ORDER BY phone_lookup ON CONFLICT (idempotency_key) DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [prefix, CHANNEL, b"", b"", now, now, *params])
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
    test = _flag("is_test", exercise)
    groups: list[tuple[str, list[Any]]] = []
    if area.circle is not None:
        cells = inside_cells(area.circle, exercise=exercise)
        condition, params = _in_list("cell", cells)
        groups.append((f"{test} AND {condition}", params))
        if area.district_codes:
            condition, params = _in_list("district_id", area.district_codes)
            groups.append((f"{test} AND cell IS NULL AND {condition}", params))
    else:
        condition, params = _in_list("district_id", area.district_codes)
        groups.append((f"{test} AND {condition}", params))
    return sum(
        _insert(prefix, condition, params, responders)
        for responders in (True, False)
        for condition, params in groups
    )
