"""Background work, as plain functions: one task interface for the embedded worker and Celery.

``nigraan worker`` (in-process, the embedded default) and the Celery app (``nigraan.celery_app``,
when ``NIGRAAN_BROKER_URL`` is set) both call :func:`run` with a task's name, so the same code
runs either way. Every task is safe to run twice at once, on one machine or many, and safe to
be killed at any instant and run again:

- ``sweep_deadlines`` escalates each missed deadline in its own transaction that locks the
  deadline row and re-checks its level (PostgreSQL: row lock; SQLite: ``BEGIN IMMEDIATE`` takes
  the database's one write lock), so a level is reached exactly once however many sweeps race.
- ``deliver_outbox`` leases each message before sending it (see ``notify/outbox.py``); a sender
  that dies leaves the lease to run out, and the message goes again with the same idempotency key.
- ``expire_alerts`` expires each alert in its own transaction that locks the case and re-reads
  the alert's state, so an alert's ``case.alert_expired`` is written once however many run.
- ``sign_ledger`` holds an advisory lock (PostgreSQL) or the write lock (SQLite) while it
  sequences and signs.
- ``ingest_press`` leases each feed and each page before reading it (a run killed half-way leaves
  leases that run out), queues a listed article once (a unique key), and joins each article's
  incidents in a transaction under an advisory lock (PostgreSQL) or the write lock (SQLite) that
  first checks the article is still pending; the pace per host is kept in the database, so
  overlapping runs share it.

The functions take and return only JSON-friendly values, because Celery carries them as messages.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

log = logging.getLogger("nigraan.tasks")

OUTBOX_BATCHES_PER_RUN = 10  # deliver_due takes 100 messages a batch: at most 1,000 per run
# A gateway at its rate cap: the run waits for its bucket to refill, up to this long in all (the
# worker runs the outbox every 5 s), rather than leave the cap's unused seconds idle.
OUTBOX_CAPPED_WAIT_SECONDS = 4.0
_wait = time.sleep  # tests replace it


class ClockOverrideRefused(PermissionError):
    """``sweep_deadlines(now_iso=...)`` outside demos and tests."""


def sweep_deadlines(now_iso: str | None = None) -> int:
    """Escalate every missed deadline one level up its chain, repeatedly until nothing is due.
    Returns how many escalations were made. ``now_iso`` sweeps as if at that time (ISO-8601 with
    a time zone), only with ``NIGRAAN_ALLOW_CLOCK_OVERRIDE=1``, as ``nigraan deadlines sweep``."""
    from nigraan import clock
    from nigraan.cases.sweep import sweep as sweep_cases
    from nigraan.media.review.unlinked import sweep as sweep_press

    def sweep(moment: dt.datetime | None = None) -> int:
        # Confirmed press incidents with no case escalate like missed deadlines.
        return sweep_cases(moment) + sweep_press(moment)

    if now_iso is None:
        return sweep()
    if not settings.NIGRAAN_ALLOW_CLOCK_OVERRIDE:
        raise ClockOverrideRefused(
            "now_iso is refused unless NIGRAAN_ALLOW_CLOCK_OVERRIDE=1 (demos and tests only)"
        )
    moment = dt.datetime.fromisoformat(now_iso)
    if moment.tzinfo is None:
        raise ValueError("now_iso needs a time zone, e.g. +05:00 or Z")
    with clock.frozen_at(moment):
        return sweep(moment)


def deliver_outbox() -> dict[str, int]:
    """Deliver what is due in the outbox, batch after batch until a batch is not full (or
    ``OUTBOX_BATCHES_PER_RUN`` batches). Returns counts by outcome: sent, retry, dead."""
    from nigraan.notify.outbox import deliver_due

    totals = {"sent": 0, "retry": 0, "dead": 0}
    batch_size = 100
    waited = 0.0
    for _ in range(OUTBOX_BATCHES_PER_RUN):
        counts = deliver_due(limit=batch_size)
        for outcome, count in counts.items():
            if outcome != "capped":
                totals[outcome] = totals.get(outcome, 0) + count
        if counts.get("capped") and waited < OUTBOX_CAPPED_WAIT_SECONDS:
            _wait(1.0)  # a bucket holds one second's worth: it is full again
            waited += 1.0
            continue
        if sum(counts.values()) < batch_size or counts.get("capped"):
            break
    return totals


def expire_alerts() -> int:
    """Record the expiry of every active alert whose time has passed (``case.alert_expired``)
    and tell its case team. Returns how many expired."""
    from nigraan.alerts.expiry import expire_alerts as expire

    return expire()


def sign_ledger() -> dict[str, int]:
    """Add new events to the Merkle log, sign a tree head if the log grew, and push the newest
    head to the witnesses that have not cosigned it (docs/ledger.md §9). Returns the size
    signed (0: nothing new) and, with witnesses, the size pushed and how many cosigned it.
    While signing is stopped after a witness showed a rollback or fork, it says so in the log
    every round and signs nothing."""
    from nigraan.ledger.alarm import SigningHalted
    from nigraan.ledger.sequencer import sequence_and_sign
    from nigraan.ledger.witnessing import push_latest_head

    try:
        head = sequence_and_sign()
    except SigningHalted as exc:
        log.error("ledger signing is STOPPED: %s", exc)
        return {}
    result = {"signed": 0 if head is None else head.tree_size}
    pushed = push_latest_head()
    if pushed is not None and pushed.pushed_anything:
        result.update(pushed=pushed.tree_size, cosigned=pushed.cosigned, quorum=pushed.quorum)
        if pushed.halted:
            log.error("ledger signing is STOPPED: a witness showed a rollback or fork")
        elif not pushed.witnessed:
            log.warning("tree head %d not witnessed yet: %s", pushed.tree_size, pushed.outcomes)
    return result


def detect_bulk_reads() -> int:
    """Alert oversight to anyone reading many cases' protected details in a short time
    (``cases/bulk_reads.py``). Returns how many alerts were raised. Safe to run twice at once:
    the second run finds the first one's alert and raises none (the window is minutes, a run
    takes milliseconds; a rare double alert is harmless)."""
    from nigraan.cases.bulk_reads import detect_bulk_reads as detect

    return detect()


def check_projections() -> dict[str, int]:
    """Re-check stored projections against the ledger: the cases changed recently and a rolling
    share of all (``NIGRAAN_PROJECTION_*``). A difference raises the integrity alarm once per
    case and difference, and puts a banner on the case's page. Returns counts: cases checked,
    differences, new alarms, alarms cleared. Read-only but for the alarm rows: safe to run twice
    at once (an alarm row is unique per case and difference)."""
    from nigraan.ledger.projection_alarms import recheck_projections

    return recheck_projections()


def ingest_press(outlet: str | None = None) -> dict[str, int]:
    """Read the outlets' feeds and new pages, extract their incidents and join them
    (``nigraan media ingest``), where ``NIGRAAN_PRESS_INGEST`` is on; else nothing. Returns
    counts (feeds read, pages read, set aside, copies, new incidents, follow-ups…)."""
    from django.conf import settings

    from nigraan.media.ingest.outlets import load_outlets
    from nigraan.media.ingest.run import ingest

    if not settings.NIGRAAN_PRESS_INGEST:
        return {}
    return ingest(load_outlets(), outlet)


def publish_figures() -> dict[str, int]:
    """Publish the last complete month and the 12 months ending with it (``nigraan figures
    publish``), once: a period already published is left alone (a correction is a person's
    decision, with a note). Runs hourly so a missed start of month is caught up. Safe to run twice
    at once: (period, version) is unique, so the slower run's transaction fails and is dropped.
    Returns the version published per period (0: already there)."""
    from django.db import IntegrityError

    from nigraan.stats.models import PublishedRelease
    from nigraan.stats.publish import PublishRefused, last_complete_month, publish
    from nigraan.stats.read_model import refresh
    from nigraan.stats.release import Period

    if not settings.NIGRAAN_FIGURES_AUTO_PUBLISH:
        return {}
    refresh()  # hourly, so a release folds at most an hour of events into the read model
    done = {}
    last = last_complete_month()
    for kind in ("month", "rolling"):
        period = Period(kind, last)
        if PublishedRelease.objects.filter(period=period.key).exists():
            done[period.key] = 0
            continue
        try:
            done[period.key] = publish(period).release.version
        except (IntegrityError, PublishRefused):
            done[period.key] = 0  # another run published it first
    return done


@dataclass(frozen=True)
class PeriodicTask:
    name: str
    function: Callable[..., Any]
    every: Callable[[], float]  # seconds between runs; read when the schedule is built
    own_pace: bool = False  # True: `nigraan worker --interval` does not make it run more often

    @property
    def qualified_name(self) -> str:
        """The name Celery knows the task by."""
        return f"nigraan.{self.name}"


def _sign_interval() -> float:
    return float(settings.NIGRAAN_SIGN_INTERVAL_SECONDS)


def _projection_interval() -> float:
    return float(settings.NIGRAAN_PROJECTION_CHECK_SECONDS)


def _press_interval() -> float:
    from django.conf import settings

    return float(settings.NIGRAAN_PRESS_INGEST_SECONDS)


# In the order the embedded worker runs them in one round (deliver what is queued first, then
# escalate, then sign what the round appended, then read the press: the slowest, last).
PERIODIC: dict[str, PeriodicTask] = {
    task.name: task
    for task in (
        PeriodicTask("deliver_outbox", deliver_outbox, lambda: 5.0),
        PeriodicTask("sweep_deadlines", sweep_deadlines, _sign_interval),
        PeriodicTask("expire_alerts", expire_alerts, _sign_interval),
        PeriodicTask("sign_ledger", sign_ledger, _sign_interval),
        PeriodicTask("detect_bulk_reads", detect_bulk_reads, lambda: 60.0),
        PeriodicTask("check_projections", check_projections, _projection_interval, own_pace=True),
        PeriodicTask("ingest_press", ingest_press, _press_interval, own_pace=True),
        PeriodicTask("publish_figures", publish_figures, lambda: 3600.0, own_pace=True),
    )
}


class UnknownTask(KeyError):
    pass


def run(name: str, **kwargs: Any) -> Any:
    """Run one task by name (``deliver_outbox``, ``sweep_deadlines``, ``expire_alerts``,
    ``sign_ledger``,
    ``detect_bulk_reads``, ``check_projections``, ``ingest_press``, ``publish_figures``), logging
    what it did. Task results are counts and sizes, never anything about a person."""
    task = PERIODIC.get(name.removeprefix("nigraan."))
    if task is None:
        raise UnknownTask(f"no task named {name!r}; known: {', '.join(PERIODIC)}")
    result = task.function(**kwargs)
    if _worth_logging(result):
        log.info("%s: %s", task.name, result)
    return result


def _worth_logging(result: Any) -> bool:
    if isinstance(result, dict):
        return any(result.values())
    return bool(result)


def check_ready() -> None:
    """Fail at start-up, not at the first sweep, when the rules files are invalid."""
    from nigraan.cases.pipeline import check_all_rules

    check_all_rules()
