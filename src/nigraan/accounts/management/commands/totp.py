"""``nigraan totp USERNAME``: the current second-factor code of a demo account (demo mode only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Print a staff account's current TOTP code. "
        "Refused unless NIGRAAN_DEMO_MODE=1 (the demo site)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        from nigraan.accounts import totp
        from nigraan.accounts.models import Staff

        if not settings.NIGRAAN_DEMO_MODE:
            raise CommandError(
                "only on the demo site (NIGRAAN_DEMO_MODE=1): real codes live on the person's phone"
            )
        staff = Staff.objects.filter(username=options["username"]).first()
        if staff is None or not staff.totp_secret:
            raise CommandError("no such account with a second factor")
        self.stdout.write(totp.current_code(staff.totp_secret))
