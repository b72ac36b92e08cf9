"""The ``nigraan`` command: Django's management commands behind one name.

``nigraan ledger verify`` runs the ``ledger`` command with the ``verify`` subcommand, and so on.
``nigraan --help`` lists Nigraan's own commands first.
"""

from __future__ import annotations

import os
import sys

from nigraan.witness.cli import main as witness_main

NIGRAAN_COMMANDS = {
    "init": "prepare the database (migrations, geography) and the keys",
    "demo": "load synthetic demo data (safe to run twice)",
    "serve": "serve the site with a production-grade server (gunicorn)",
    "worker": "outbox, deadline sweep, ledger signing in this process (Celery: docs/background.md)",
    "ledger": "ledger verify [--against CHECKPOINT] | export FILE | sign | monitor URL",
    "witness": "witness serve | add-log | show: a witness for a log (no database needed)",
    "case": "case shred-request | shred CASE --by ADMIN --reason TEXT (erasure, two admins)",
    "deadlines": "deadlines sweep [--now ISO-8601] | check (validate the rules files)",
    "createstaff": "create a staff account with a role and jurisdictions",
    "totp": "print a demo account's current second-factor code (demo mode only)",
    "media": "media extract DIR --out FILE | evaluate DIR (press incidents; docs/media.md)",
    "figures": "figures publish --period 2026-10 | month:2026-10 | rolling:2026-10 [--correction]",
    "alerts": "alerts webhook add NAME URL [--district P] [--test] | remove NAME | list",
    "security": "security events [--kind K] [--actor U] | check-bulk-reads",
}


def _print_help() -> None:
    lines = [
        "usage: nigraan COMMAND [options]   (nigraan COMMAND --help for each)",
        "",
        "Nigraan commands:",
        *(f"  {name:<12} {text}" for name, text in NIGRAAN_COMMANDS.items()),
        "",
        "Every Django management command (migrate, check, shell, ...) also works.",
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nigraan.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        _print_help()
        return
    if argv[0] == "witness":  # not a Django command: a witness has no Nigraan database
        sys.exit(witness_main(argv[1:]))
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        # A configuration the site must not run with (nigraan.security.env, the SMS gateway's
        # variables) is refused here with its message alone, not a traceback.
        execute_from_command_line(["nigraan", *argv])
    except ImproperlyConfigured as exc:
        sys.exit(f"nigraan: refusing to start: {exc}")


if __name__ == "__main__":
    main()
