"""``nigraan figures publish --period 2026-10 [--correction TEXT]`` and
``nigraan figures report --year 2026 [--language en|ur] [--output DIR]``,
``nigraan figures check [--period rolling:2026-10]`` and ``nigraan figures rebuild``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nigraan.stats.management.commands import _figures_checks as checks
from nigraan.stats.publish import PublishRefused, publish
from nigraan.stats.reading import latest
from nigraan.stats.release import Period
from nigraan.stats.report import LANGUAGES, annual_period, report_html, report_pdf


def parse_period(text: str) -> Period:
    """``2026-10`` (a month), ``month:2026-10`` or ``rolling:2026-10``."""
    return Period.parse(text if ":" in text else f"month:{text}")


class Command(BaseCommand):
    help = (
        "Public figures (docs/figures.md). publish: compute a period's release with disclosure "
        "control, store it and record its SHA-256 in the ledger. report: the annual report "
        "of a published release as PDF and HTML, in English and Urdu."
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

        check_parser = sub.add_parser(
            "check", help="recount published releases from the ledger alone and compare"
        )
        check_parser.add_argument("--period", help="one period (default: every newest version)")
        sub.add_parser("rebuild", help="rebuild the figures read model from the ledger")

        report_parser = sub.add_parser("report", help="the annual report of a published release")
        which = report_parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--year", type=int, help="2026: the release rolling:2026-12")
        which.add_argument("--period", help="any published period, e.g. rolling:2026-10")
        report_parser.add_argument("--language", choices=LANGUAGES, action="append")
        report_parser.add_argument("--output", default=".", help="directory to write into")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "report":
            self._report(options)
            return
        if options["action"] in ("check", "rebuild"):
            checks.handle(self, options)
            return
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

    def _report(self, options: dict[str, Any]) -> None:
        try:
            period = (
                annual_period(options["year"])
                if options["year"]
                else parse_period(options["period"]).key
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        row = latest(period)
        if row is None:
            raise CommandError(
                f"{period} is not published: a year's report is made from the release of the "
                "twelve months ending in December (nigraan figures publish --period "
                f"{period})."
            )
        out = Path(options["output"])
        out.mkdir(parents=True, exist_ok=True)
        stem = f"nigraan-figures-{period.replace(':', '-')}-v{row.version}"
        for language in options["language"] or LANGUAGES:
            (out / f"{stem}-{language}.html").write_text(report_html(row, language), "utf-8")
            pdf = out / f"{stem}-{language}.pdf"
            pdf.write_bytes(report_pdf(row, language))
            self.stdout.write(f"Wrote {pdf} (and .html) from {row.period} v{row.version}.")
