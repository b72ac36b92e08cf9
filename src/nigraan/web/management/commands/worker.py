"""``nigraan worker``: background work on the embedded default — signs the ledger every minute."""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

log = logging.getLogger("nigraan.worker")


class Command(BaseCommand):
    help = (
        "Run background work: deliver the outbox (SMS) every few seconds, and every "
        "NIGRAAN_SIGN_INTERVAL_SECONDS (default 60) sweep missed deadlines, add new events to the "
        "Merkle log and sign a tree head. Stops cleanly on SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="run one round and exit")
        parser.add_argument("--interval", type=float, default=None, help="seconds between rounds")

    def handle(self, *args, **options) -> None:
        import time

        from nigraan.cases.rules import current_rules
        from nigraan.cases.sweep import sweep
        from nigraan.ledger.sequencer import sequence_and_sign
        from nigraan.notify.outbox import deliver_due

        current_rules()  # validate the rules files at start-up: a bad file stops the worker here

        interval = options["interval"] or settings.NIGRAAN_SIGN_INTERVAL_SECONDS
        outbox_interval = min(5.0, interval)
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        last_signed = 0.0
        while True:
            try:
                delivered = deliver_due()
                if any(delivered.values()):
                    log.info("outbox: %s", delivered)
                if time.monotonic() - last_signed >= interval or options["once"]:
                    escalated = sweep()
                    if escalated:
                        log.info("deadline sweep: escalated %s", escalated)
                    head = sequence_and_sign()
                    last_signed = time.monotonic()
                    if head is not None:
                        log.info("signed tree head: size %s", head.tree_size)
            except Exception:  # keep the worker alive; the next round retries
                log.exception("background work failed; retrying next round")
            finally:
                close_old_connections()
            if options["once"] or stop.wait(outbox_interval):
                break
