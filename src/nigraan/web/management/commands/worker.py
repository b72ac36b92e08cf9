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
        "Run background work: every NIGRAAN_SIGN_INTERVAL_SECONDS (default 60) add new events "
        "to the Merkle log and sign a tree head. Stops cleanly on SIGTERM or Ctrl-C."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="run one round and exit")
        parser.add_argument("--interval", type=float, default=None, help="seconds between rounds")

    def handle(self, *args, **options) -> None:
        from nigraan.ledger.sequencer import sequence_and_sign

        interval = options["interval"] or settings.NIGRAAN_SIGN_INTERVAL_SECONDS
        stop = threading.Event()
        if not options["once"]:
            for sig in (signal.SIGTERM, signal.SIGINT):
                signal.signal(sig, lambda *_: stop.set())
        while True:
            try:
                head = sequence_and_sign()
                if head is not None:
                    log.info("signed tree head: size %s", head.tree_size)
            except Exception:  # keep the worker alive; the next round retries
                log.exception("ledger signing failed; retrying next round")
            finally:
                close_old_connections()
            if options["once"] or stop.wait(interval):
                break
