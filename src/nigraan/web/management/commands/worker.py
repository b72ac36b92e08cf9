"""``nigraan worker``: background work on the embedded default, in this one process.

It runs the same tasks as the Celery workers (``nigraan.tasks``), on the same schedule. When
``NIGRAAN_BROKER_URL`` is set the work belongs to Celery (``celery -A nigraan.celery_app worker``
and one ``beat``), and this command says so instead of competing with them, unless
``--embedded`` asks for the in-process loop anyway (safe: every task tolerates overlap)."""

from __future__ import annotations

import logging
import signal
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections

log = logging.getLogger("nigraan.worker")

CELERY_INSTEAD = (
    "NIGRAAN_BROKER_URL is set, so background work runs in Celery: start "
    "`celery -A nigraan.celery_app worker` on each worker machine and exactly one "
    "`celery -A nigraan.celery_app beat` (see docs/background.md). "
    "`nigraan worker --embedded` runs the in-process loop anyway."
)


class Command(BaseCommand):
    help = (
        "Run background work in this process: deliver the outbox every 5 seconds, and every "
        "NIGRAAN_SIGN_INTERVAL_SECONDS (default 60) sweep missed deadlines and sign the ledger. "
        "Stops cleanly on SIGTERM or Ctrl-C (after the task under way). With NIGRAAN_BROKER_URL "
        "set, run Celery instead (docs/background.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every task once and exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="seconds between sweeps and signings (the outbox: every min(5, this))",
        )
        parser.add_argument(
            "--embedded",
            action="store_true",
            help="run in this process even though NIGRAAN_BROKER_URL is set",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from nigraan import tasks

        if settings.NIGRAAN_BROKER_URL and not options["embedded"]:
            raise CommandError(CELERY_INSTEAD)
        tasks.check_ready()  # a bad rules file stops the worker here, not at the first sweep

        interval = options["interval"] or settings.NIGRAAN_SIGN_INTERVAL_SECONDS
        periods = {
            name: min(task.every(), interval) if name == "deliver_outbox" else interval
            for name, task in tasks.PERIODIC.items()
        }
        # Press ingest keeps its own, longer pace: --interval must not make it read outlets
        # every minute.
        periods.update({n: t.every() for n, t in tasks.PERIODIC.items() if t.own_pace})
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        next_run = dict.fromkeys(periods, 0.0)
        while True:
            for name in periods:
                if stop.is_set():
                    break
                if time.monotonic() < next_run[name]:
                    continue
                try:
                    tasks.run(name)
                except Exception:  # keep the worker alive; the next run retries
                    log.exception("background task %s failed; retrying next run", name)
                finally:
                    close_old_connections()
                next_run[name] = time.monotonic() + periods[name]
            if options["once"]:
                break
            if stop.wait(max(0.0, min(next_run.values()) - time.monotonic())):
                break
