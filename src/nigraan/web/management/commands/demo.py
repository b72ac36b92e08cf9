"""``nigraan demo``: synthetic demo data. Running it twice changes nothing the second time."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Load synthetic demo data: staff for every role in eight districts and about 300 cases "
        "with realistic timelines. Everything is invented and never graphic. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="how many cases (default 300)")
        parser.add_argument("--seed", type=int, default=2015, help="random seed (default 2015)")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        from nigraan.web.demo.load import load_demo, login_help

        result = load_demo(cases=options["cases"], seed=options["seed"])
        marker = settings.DATA_DIR / "DEMO-SITE"
        if not marker.exists():
            marker.write_text("This data directory holds synthetic demo data (nigraan demo).\n")
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data loaded: {result.staff} staff, {result.cases} cases.")
            )
        else:
            self.stdout.write(f"Demo data already present ({result.cases} cases); nothing added.")
        self.stdout.write(login_help())
