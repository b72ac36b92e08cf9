"""``nigraan demo``: synthetic demo data. Running it twice changes nothing the second time."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load synthetic demo data: staff for every role in eight districts and about 300 cases "
        "with realistic timelines. Everything is invented and never graphic. Idempotent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, default=300, help="how many cases (default 300)")
        parser.add_argument("--seed", type=int, default=2015, help="random seed (default 2015)")

    def handle(self, *args, **options) -> None:
        from nigraan.web.demo.load import DEMO_PASSWORD, demo_logins, load_demo

        from django.conf import settings

        result = load_demo(cases=options["cases"], seed=options["seed"])
        marker = settings.DATA_DIR / "DEMO-SITE"
        if not marker.exists():
            marker.write_text("This data directory holds synthetic demo data (nigraan demo).\n")
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {result.staff} staff, {result.cases} cases."))
        else:
            self.stdout.write(f"Demo data already present ({result.cases} cases); nothing added.")
        self.stdout.write("\nDemo logins (every password: %s):" % DEMO_PASSWORD)
        for username, role, place in demo_logins():
            self.stdout.write(f"  {username:<22} {role:<34} {place}")
        self.stdout.write(
            "\nRoles that read protected data also need a second-factor code: "
            "run `.venv/bin/nigraan totp USERNAME` for the current one (demo mode only)."
        )
