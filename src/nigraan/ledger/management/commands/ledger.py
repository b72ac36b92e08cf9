"""``nigraan ledger verify [--against CHECKPOINT] [--ledger-only] | export FILE | sign | resume |
monitor URL | repair --from-ledger CASE``."""

from __future__ import annotations

import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nigraan.accounts.permissions import PermissionDenied
from nigraan.ledger.alarm import SigningHalted, resume_signing
from nigraan.ledger.checkpoint import CheckpointError, parse_and_verify
from nigraan.ledger.export import export_log
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.monitor import (
    DEFAULT_MAX_UNWITNESSED_SECONDS,
    MonitorAlarm,
    MonitorSetupError,
    MonitorState,
    Trust,
    run_check,
)
from nigraan.ledger.note import NoteError, cosignatures, split_note
from nigraan.ledger.projection_checks import NoProjectionCheck, repair
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.verify import verify_ledger
from nigraan.ledger.witnessing import configured, push_latest_head


def _read_checkpoint(source: str) -> str:
    """A signed checkpoint from a file or an http(s) URL."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as response:  # noqa: S310 (http(s) only)
            return response.read().decode("utf-8")
    return Path(source).read_text(encoding="utf-8")


class Command(BaseCommand):
    help = (
        "The tamper-evident ledger. verify: re-derive every hash chain, the Merkle root and every "
        "signed tree head, then replay every case and compare it with its stored record and "
        "deadlines (exit 1 naming the first problem). repair --from-ledger CASE: rebuild a "
        "case's stored record and deadlines from its events (administrators). export FILE: "
        "write the log as JSON Lines. sign: add new events to the log, sign a tree head and "
        "have the witnesses cosign it. resume: let signing start again after a witness's alarm "
        "was investigated. monitor URL: follow a public log from outside (docs/ledger.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = sub.add_parser(
            "verify",
            help=(
                "check every chain, the Merkle log and every signed tree head; "
                "exit 0 if all hold, 1 otherwise"
            ),
        )
        verify.add_argument(
            "--against",
            action="append",
            default=[],
            metavar="FILE_OR_URL",
            help="a checkpoint held outside (a witness's, a monitor's): the log must contain it",
        )
        verify.add_argument(
            "--ledger-only",
            action="store_true",
            help="check the ledger only, not the stored case records and deadlines against it",
        )
        fix = sub.add_parser(
            "repair", help="rebuild a case's stored record and deadlines from its events"
        )
        fix.add_argument("--from-ledger", required=True, metavar="CASE", help="the case reference")
        fix.add_argument("--by", required=True, help="the administrator's username")
        fix.add_argument("--reason", required=True, help="what was found, and why repair")
        export = sub.add_parser("export", help="write leaves and signed tree heads as JSON Lines")
        export.add_argument("file", help="where to write (overwritten)")
        sub.add_parser("sign", help="sequence new events, sign a tree head, push it to witnesses")
        resume = sub.add_parser("resume", help="resolve a stop on signing (after investigating)")
        resume.add_argument("--by", required=True, help="the administrator's username")
        resume.add_argument("--reason", required=True, help="what was found and done")
        monitor = sub.add_parser("monitor", help="follow a public log: fork, rollback, witnesses")
        monitor.add_argument("url", help="the log's API, e.g. https://host/api/v1/ledger/")
        monitor.add_argument("--state", required=True, help="directory for the monitor's state")
        monitor.add_argument("--log-key", help="the log's verifier key (first run)")
        monitor.add_argument("--witness", action="append", default=[], help="a witness's key")
        monitor.add_argument("--quorum", type=int, help="cosignatures needed (default: majority)")
        monitor.add_argument("--max-unwitnessed", type=int, default=DEFAULT_MAX_UNWITNESSED_SECONDS)
        monitor.add_argument("--follow", type=float, help="check again every this many seconds")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        getattr(self, f"_{action}")(options)

    def _verify(self, options: dict) -> None:
        against = []
        for source in options["against"]:
            try:
                note = _read_checkpoint(source)
                checkpoint = parse_and_verify(note, verifier_key())
            except (OSError, ValueError, CheckpointError) as exc:
                self.stderr.write(self.style.ERROR(f"LEDGER NOT CHECKED: {source}: {exc}"))
                sys.exit(1)
            against.append(checkpoint)
            self._say_cosigners(source, checkpoint.body, note)
        report = verify_ledger(against, projections=not options["ledger_only"])
        if not report.ok:
            self.stderr.write(self.style.ERROR(str(report)))
            sys.exit(1)
        self.stdout.write(self.style.SUCCESS(str(report)))
        if options["ledger_only"]:
            self.stdout.write("projections not checked (--ledger-only)")
        for checkpoint in against:
            self.stdout.write(
                f"consistent with the outside checkpoint of size {checkpoint.tree_size}"
            )
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")

    def _repair(self, options: dict) -> None:
        ref = options["from_ledger"]
        try:
            differed = repair(ref, by=options["by"], reason=options["reason"])
        except PermissionDenied as exc:
            raise CommandError(f"REFUSED: {exc}") from exc
        except (NoProjectionCheck, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        what = ", ".join(differed) if differed else "nothing differed"
        self.stdout.write(
            self.style.SUCCESS(
                f"case {ref}: stored record and deadlines rebuilt from its events, recorded as "
                f"an event by {options['by']} (before the repair: {what})"
            )
        )

    def _say_cosigners(self, source: str, text: str, note: str) -> None:
        try:
            found = cosignatures(text, split_note(note)[1], [key for _, key in configured()])
        except NoteError as exc:
            self.stderr.write(f"warning: {source}: {exc}")
            return
        if found:
            self.stdout.write(f"{source}: cosigned by {', '.join(sorted(found))}")

    def _export(self, options: dict) -> None:
        counts = export_log(options["file"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {counts['leaves']} leaves and {counts['tree_heads']} tree heads to "
                f"{options['file']}"
            )
        )

    def _sign(self, options: dict) -> None:
        try:
            head = sequence_and_sign()
        except SigningHalted as exc:
            self.stderr.write(self.style.ERROR(f"NOT SIGNED: {exc}"))
            sys.exit(1)
        if head is None:
            self.stdout.write("Nothing new to sign.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Signed tree head: size {head.tree_size}"))
            self.stdout.write(head.checkpoint)
        pushed = push_latest_head()
        if pushed is None:
            return
        for name, outcome in pushed.outcomes.items():
            self.stdout.write(f"witness {name}: {outcome}")
        if pushed.halted:
            self.stderr.write(self.style.ERROR("SIGNING STOPPED: see the integrity alarm above"))
            sys.exit(1)
        state = "witnessed" if pushed.witnessed else "NOT witnessed yet"
        self.stdout.write(
            f"Tree head of size {pushed.tree_size} {state}: {pushed.cosigned} of "
            f"{len(pushed.outcomes)} witnesses cosigned it (quorum {pushed.quorum})"
        )

    def _resume(self, options: dict) -> None:
        halt = resume_signing(by=options["by"], reason=options["reason"])
        if halt is None:
            self.stdout.write("Signing was not stopped.")
        else:
            self.stdout.write(self.style.WARNING(f"Signing may resume. It had stopped: {halt}"))

    def _monitor(self, options: dict) -> None:
        given = None
        if options["log_key"]:
            witnesses = options["witness"]
            quorum = options["quorum"] or len(witnesses) // 2 + 1
            given = Trust(options["log_key"], witnesses, quorum, options["max_unwitnessed"])
        state = MonitorState(options["state"])
        while True:
            try:
                self.stdout.write(run_check(options["url"], state, given))
            except MonitorAlarm as exc:
                self.stderr.write(self.style.ERROR(f"ALARM: {exc}"))
                sys.exit(1)
            except MonitorSetupError as exc:
                raise CommandError(str(exc), returncode=2) from exc
            if not options["follow"]:
                return
            time.sleep(options["follow"])
