"""``nigraan case shred-request CASE`` and ``nigraan case shred CASE``: lawful erasure of a case's
protected data by two administrators, each proving who they are with their password (and their
second-factor code when they have one) — ``--by`` alone is a claim anyone at the console can make.
"""

from __future__ import annotations

import getpass
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def _add_case_arguments(parser: CommandParser, by_help: str) -> None:
    parser.add_argument("case", help="case reference, e.g. NGR-7K4Q9M2A")
    parser.add_argument("--by", required=True, help=by_help)
    parser.add_argument(
        "--reason", required=True, help="why (e.g. the court order or request number)"
    )
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password (and then the second-factor code) from standard input, one a "
        "line, instead of asking at the terminal",
    )


class Command(BaseCommand):
    help = (
        "Operations on one case. Erasure needs two administrators: "
        "`nigraan case shred-request CASE --by ADMIN --reason TEXT`, then "
        "`nigraan case shred CASE --by OTHER_ADMIN --reason TEXT` destroys its data key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        request = sub.add_parser(
            "shred-request", help="ask for the case's protected data to be erased (first admin)"
        )
        _add_case_arguments(request, "username of the administrator asking for the erasure")
        shred = sub.add_parser(
            "shred",
            help=(
                "approve a waiting erasure request as a second administrator and destroy the "
                "case's data key: protected fields become unreadable; the ledger still verifies"
            ),
        )
        _add_case_arguments(shred, "username of the second administrator, approving")

    def handle(self, *args: Any, **options: Any) -> None:
        from nigraan.accounts.permissions import PermissionDenied
        from nigraan.cases.commands import CommandRefused, request_shred, shred_case

        staff = _authenticated(options["by"], options["password_stdin"])
        command = shred_case if options["action"] == "shred" else request_shred
        try:
            case = command(staff, options["case"], reason=options["reason"])
        except (CommandRefused, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        if options["action"] == "shred":
            done = f"Case {case.ref}: data key destroyed; protected fields are unreadable."
        else:
            done = (
                f"Case {case.ref}: erasure requested. A second administrator must approve it "
                f"with `nigraan case shred {case.ref} --by USERNAME --reason TEXT`."
            )
        self.stdout.write(self.style.SUCCESS(done))


def _secret(prompt: str, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return getpass.getpass(prompt)


def _authenticated(username: str, from_stdin: bool) -> Any:
    """The staff member ``username`` once their password (and second-factor code, if they have
    one) checks; a failure is a security event, as at the login page."""
    from django.contrib.auth import get_user_model

    from nigraan.accounts.totp import CodeCheck, check_code
    from nigraan.security import events
    from nigraan.security.models import SecurityEventKind

    staff = get_user_model().objects.filter(username=username, is_active=True).first()
    password = _secret(f"Password for {username}: ", from_stdin)
    if staff is None or not staff.check_password(password):
        if staff is not None:
            events.record(SecurityEventKind.LOGIN_FAILED, actor=username, channel="command line")
        raise CommandError("that username and password do not match")
    if staff.totp_secret:
        code = _secret("Code from your authenticator app: ", from_stdin)
        checked = check_code(staff, code)
        if checked is not CodeCheck.ACCEPTED:
            kind = (
                SecurityEventKind.SECOND_FACTOR_REPLAYED
                if checked is CodeCheck.REPLAYED
                else SecurityEventKind.SECOND_FACTOR_FAILED
            )
            events.record(kind, actor=username, channel="command line")
            raise CommandError("that second-factor code is not right")
    return staff
