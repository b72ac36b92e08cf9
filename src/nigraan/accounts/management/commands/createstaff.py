"""``nigraan createstaff``: create a staff account with a role and jurisdictions."""

from __future__ import annotations

import getpass
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create a staff account. Example: nigraan createstaff cw.kasur --role case_worker "
        "--district PK614. The password is asked for, or read from --password-file or "
        "NIGRAAN_STAFF_PASSWORD. For roles that read protected data the second factor is set up "
        "at first login (or printed here with --totp)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from nigraan.accounts.models import Role

        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument(
            "--district",
            action="append",
            default=[],
            metavar="CODE",
            help="district P-code, e.g. PK614 (repeatable)",
        )
        parser.add_argument(
            "--province",
            action="append",
            default=[],
            metavar="CODE",
            help="province code, e.g. PK6 (repeatable)",
        )
        parser.add_argument("--country", action="store_true", help="works across the whole country")
        parser.add_argument("--full-name", default="")
        parser.add_argument(
            "--woman-officer",
            action="store_true",
            help="record that this person is a woman officer (for reporters who ask for one)",
        )
        parser.add_argument("--password-file", help="read the password from this file's first line")
        parser.add_argument(
            "--totp", action="store_true", help="create the TOTP secret now and print it"
        )

    def _password(self, options: dict[str, Any]) -> str:
        if options["password_file"]:
            with open(options["password_file"], encoding="utf-8") as handle:
                return handle.readline().rstrip("\n")
        if settings.NIGRAAN_STAFF_PASSWORD:
            return settings.NIGRAAN_STAFF_PASSWORD
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the passwords differ")
        return first

    def _places(self, options: dict[str, Any]) -> list[tuple[str, str]]:
        """The jurisdictions asked for, each checked against the gazetteer."""
        from nigraan.accounts.models import JurisdictionLevel
        from nigraan.geo.models import District, Province

        places: list[tuple[str, str]] = [
            (JurisdictionLevel.DISTRICT, c) for c in options["district"]
        ]
        places += [(JurisdictionLevel.PROVINCE, c) for c in options["province"]]
        if options["country"]:
            places.append((JurisdictionLevel.COUNTRY, "PK"))
        if not places:
            raise CommandError(
                "give at least one jurisdiction: --district CODE, --province CODE or --country"
            )
        for level, code in places:
            if (
                level == JurisdictionLevel.DISTRICT
                and not District.objects.filter(code=code).exists()
            ):
                raise CommandError(f"unknown district code {code!r} (run `nigraan init` first?)")
            if (
                level == JurisdictionLevel.PROVINCE
                and not Province.objects.filter(code=code).exists()
            ):
                raise CommandError(f"unknown province code {code!r}")
        return places

    def handle(self, *args: Any, **options: Any) -> None:
        from nigraan.accounts import totp
        from nigraan.accounts.models import Jurisdiction, Staff
        from nigraan.security import events as security_events
        from nigraan.security.models import SecurityEventKind

        username = options["username"]
        places = self._places(options)
        if Staff.objects.filter(username=username).exists():
            raise CommandError(f"a staff member {username!r} already exists")
        staff = Staff(
            username=username,
            role=options["role"],
            full_name=options["full_name"],
            is_woman_officer=options["woman_officer"],
        )
        try:
            staff.full_clean(exclude=["password"])
            password = self._password(options)
            validate_password(password, staff)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        with transaction.atomic():
            staff.set_password(password)
            if options["totp"] and totp.requires_second_factor(staff):
                staff.totp_secret = totp.new_secret()
            staff.save()
            for level, code in places:
                Jurisdiction.objects.create(staff=staff, level=level, code=code)
            security_events.record(
                SecurityEventKind.STAFF_CREATED,
                actor=username,
                role=staff.role,
                jurisdictions=[f"{level}:{code}" for level, code in places],
                by="command line",
            )
        self.stdout.write(self.style.SUCCESS(f"Created {username} ({staff.get_role_display()})"))
        if totp.requires_second_factor(staff):
            if staff.totp_secret:
                self.stdout.write(f"TOTP secret: {staff.totp_secret}")
                self.stdout.write(
                    f"Provisioning URI: {totp.provisioning_uri(staff, staff.totp_secret)}"
                )
            else:
                self.stdout.write("This role needs a second factor: it is set up at first login.")
