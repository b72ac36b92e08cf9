"""``nigraan ledger verify | export FILE | sign``."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "The tamper-evident ledger. verify: re-derive every hash chain, the Merkle root and every "
        "signed tree head (exit 1 naming the first problem). export FILE: write the log as JSON "
        "Lines. sign: add new events to the log and sign a tree head now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser(
            "verify",
            help=(
                "check every chain, the Merkle log and every signed tree head; "
                "exit 0 if all hold, 1 otherwise"
            ),
        )
        export = sub.add_parser("export", help="write leaves and signed tree heads as JSON Lines")
        export.add_argument("file", help="where to write (overwritten)")
        sub.add_parser("sign", help="sequence new events and sign a tree head")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "verify":
            from nigraan.ledger.verify import verify_ledger

            report = verify_ledger()
            if report.ok:
                self.stdout.write(self.style.SUCCESS(str(report)))
                for warning in report.warnings:
                    self.stdout.write(f"warning: {warning}")
                return
            self.stderr.write(self.style.ERROR(str(report)))
            sys.exit(1)
        if action == "export":
            from nigraan.ledger.export import export_log

            counts = export_log(options["file"])
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {counts['leaves']} leaves and {counts['tree_heads']} tree heads to "
                    f"{options['file']}"
                )
            )
            return
        if action == "sign":
            from nigraan.ledger.sequencer import sequence_and_sign

            head = sequence_and_sign()
            if head is None:
                self.stdout.write("Nothing new to sign.")
            else:
                self.stdout.write(self.style.SUCCESS(f"Signed tree head: size {head.tree_size}"))
                self.stdout.write(head.checkpoint)
