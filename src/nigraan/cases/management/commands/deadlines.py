"""``nigraan deadlines sweep [--now ISO-8601]`` and ``nigraan deadlines check``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Deadlines. sweep: escalate every missed deadline one level (prints how many); "
        "--now ISO-8601 sweeps as if at that time (only with NIGRAAN_ALLOW_CLOCK_OVERRIDE=1, for "
        "demos and tests). check: validate the rules files and list the deadlines in force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sweep = sub.add_parser(
            "sweep", help="escalate every missed deadline one level up its chain"
        )
        sweep.add_argument("--now", help="sweep as if at this time, e.g. 2026-03-01T12:00:00+05:00")
        sub.add_parser("check", help="validate the rules files and list the deadlines")

    def handle(self, *args: Any, **options: Any) -> None:
        from nigraan import clock
        from nigraan.cases.pipeline import check_all_rules
        from nigraan.cases.rules import RulesInvalid
        from nigraan.cases.sweep import sweep

        if options["action"] == "check":
            try:
                rules, flow = check_all_rules()
            except RulesInvalid as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                f"rules v{rules.version} ({rules.digest}); escalation: {' → '.join(rules.chain)}"
            )
            self.stdout.write(
                f"{flow.stamp}: {len(flow.next)} stages, {len(flow.outcomes)} outcomes "
                f"(flagged: {', '.join(code for code, o in flow.outcomes.items() if o.flag)})"
            )
            for rule in rules.deadlines:
                who = " (per accused person)" if rule.per_accused else ""
                self.stdout.write(
                    f"  {rule.id:<24} {rule.within!s:>18}  {rule.certainty:<9} {rule.title}{who}"
                )
            for code, chain in rules.place_chains.items():
                self.stdout.write(f"  escalation in {code}: {' → '.join(chain)}")
            for code, changed in flow.place_next.items():
                self.stdout.write(f"  pipeline changes for {code}: {', '.join(changed)}")
            for code, overridden in rules.overrides.items():
                self.stdout.write(f"  overrides for {code}: {', '.join(overridden)}")
            return
        if options["now"]:
            if not settings.NIGRAAN_ALLOW_CLOCK_OVERRIDE:
                raise CommandError(
                    "--now is refused unless NIGRAAN_ALLOW_CLOCK_OVERRIDE=1 (demos and tests only)"
                )
            try:
                moment = dt.datetime.fromisoformat(options["now"])
            except ValueError as exc:
                raise CommandError(
                    "--now takes an ISO-8601 time, e.g. 2026-03-01T12:00:00+05:00"
                ) from exc
            if moment.tzinfo is None:
                raise CommandError("--now needs a time zone, e.g. +05:00 or Z")
            with clock.frozen_at(moment):
                count = sweep(moment)
        else:
            count = sweep()
        self.stdout.write(f"escalated {count} deadline{'s' if count != 1 else ''}")
