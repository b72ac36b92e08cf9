"""``nigraan security``: the security events, and the bulk-read check, from the command line.

nigraan security events [--kind KIND] [--actor USERNAME] [--since ISO-8601] [--limit N]
nigraan security check-bulk-reads
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nigraan.cases.bulk_reads import detect_bulk_reads
from nigraan.security.models import SecurityEventKind
from nigraan.security.queries import security_events


class Command(BaseCommand):
    help = "List security events (newest first), or run the bulk-read alert check now."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        listing = sub.add_parser("events", help="list security events, newest first")
        listing.add_argument("--kind", choices=SecurityEventKind.values)
        listing.add_argument("--actor", default="", help="a staff username")
        listing.add_argument("--since", help="ISO-8601 with a time zone, e.g. 2026-01-15T00:00Z")
        listing.add_argument("--limit", type=int, default=100)
        listing.add_argument("--json", action="store_true", help="one JSON object a line")
        sub.add_parser("check-bulk-reads", help="raise bulk-read alerts now (the worker does)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "check-bulk-reads":
            self.stdout.write(f"bulk-read alerts raised: {detect_bulk_reads()}")
            return
        since = None
        if options["since"]:
            try:
                since = dt.datetime.fromisoformat(options["since"])
            except ValueError as exc:
                raise CommandError(f"--since: {exc}") from exc
            if since.tzinfo is None:
                raise CommandError("--since needs a time zone, e.g. +05:00 or Z")
        labels = dict(SecurityEventKind.choices)
        rows = security_events(kind=options["kind"] or "", actor=options["actor"], since=since)
        for event in rows[: max(0, options["limit"])]:
            if options["json"]:
                record = {
                    "at": event.at.isoformat(),
                    "kind": event.kind,
                    "actor": event.actor,
                    "source": event.source,
                    "details": event.details,
                }
                self.stdout.write(json.dumps(record, sort_keys=True, ensure_ascii=False))
            else:
                details = " ".join(f"{k}={v}" for k, v in sorted(event.details.items()))
                self.stdout.write(
                    f"{event.at:%Y-%m-%d %H:%M:%S%z}  {labels[event.kind]:<40} "
                    f"{event.actor or '-':<20} {event.source or '-':<12} {details}"
                )
