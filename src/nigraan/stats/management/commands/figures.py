"""``nigraan figures publish --period 2026-10 [--correction TEXT]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nigraan.stats.publish import PublishRefused, publish
from nigraan.stats.release import Period


def parse_period(text: str) -> Period:
    """``2026-10`` (a month), ``month:2026-10`` or ``rolling:2026-10``."""
    return Period.parse(text if ":" in text else f"month:{text}")


class Command(BaseCommand):
    help = (
        "Public figures (docs/figures.md). publish: compute a period's release with disclosure "
        "control, store it and record its SHA-256 in the ledger."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        publish_parser = sub.add_parser("publish", help="publish a period's release")
        publish_parser.add_argument(
            "--period",
            required=True,
            help="2026-10 or month:2026-10 (one month), rolling:2026-10 (12 months ending then)",
        )
        publish_parser.add_argument(
            "--correction",
            default="",
            metavar="TEXT",
            help="what changed and why, to publish again a period whose figures changed",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
            result = publish(period, options["correction"])
        except (ValueError, PublishRefused) as exc:
            raise CommandError(str(exc)) from exc
        row = result.release
        if not result.created:
            self.stdout.write(
                f"{row.period} is already published with the same figures (version "
                f"{row.version}, sha256 {row.sha256}); nothing added."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Published {row.period} version {row.version}: sha256 {row.sha256}, ledger "
                f"record FIGURES #{row.ledger_seq} ({row.ledger_hash})."
            )
        )
