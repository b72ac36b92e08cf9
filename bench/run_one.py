"""One database's benchmarks (run by bench/__main__.py in a fresh process). Prints JSON."""

from __future__ import annotations

import argparse
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nigraan.settings")


def _prepare_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        import psycopg

        admin, name = url.rsplit("/", 1)
        with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--append", type=int, required=True)
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--deadlines", type=int, default=1_000_000)
    parser.add_argument("--notifications", type=int, default=2_000)
    parser.add_argument("--figure-cases", type=int, default=1_000_000)
    parser.add_argument("--skip", default="")
    args = parser.parse_args()
    _prepare_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from bench import (
        deadline_sweep,
        figures_release,
        intake_api,
        ledger_append,
        ledger_verify,
        notify_delivery,
    )

    skip = set(args.skip.split(","))
    rows = []
    if "intake" not in skip:
        rows += intake_api.run(args.reports)
    if "append" not in skip:
        rows += ledger_append.run(args.append)
    if "verify" not in skip:
        rows += ledger_verify.run(args.events)
    if "sweep" not in skip:
        rows += deadline_sweep.run(args.deadlines)
    if "notify" not in skip:
        rows += notify_delivery.run(args.notifications)
    if "figures" not in skip:
        rows += figures_release.run(args.figure_cases)
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    sys.exit(main())
