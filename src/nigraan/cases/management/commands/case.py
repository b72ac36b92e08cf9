"""``nigraan case shred CASE``: lawful erasure of a case's protected data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Operations on one case. "
        "`nigraan case shred CASE --by ADMIN --reason TEXT` destroys its data key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        shred = sub.add_parser(
            "shred",
            help=(
                "destroy the case's data key: protected fields become unreadable; "
                "the ledger still verifies"
            ),
        )
        shred.add_argument("case", help="case reference, e.g. NGR-7K4Q9M2A")
        shred.add_argument(
            "--by", required=True, help="username of the administrator ordering the erasure"
        )
        shred.add_argument(
            "--reason", required=True, help="why (e.g. the court order or request number)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.contrib.auth import get_user_model

        from nigraan.accounts.permissions import PermissionDenied
        from nigraan.cases.commands import CommandRefused, shred_case

        if options["action"] == "shred":
            staff = get_user_model().objects.filter(username=options["by"]).first()
            if staff is None:
                raise CommandError(f"no staff member {options['by']!r}")
            try:
                case = shred_case(staff, options["case"], reason=options["reason"])
            except (CommandRefused, PermissionDenied) as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(
                self.style.SUCCESS(
                    f"Case {case.ref}: data key destroyed; protected fields are unreadable."
                )
            )
