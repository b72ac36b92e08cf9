"""One database's benchmarks (run by bench/__main__.py in a fresh process). Prints JSON."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from bench.registry import BENCHMARKS, dest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nigraan.settings")


def _prepare_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        import psycopg

        admin, name = url.rsplit("/", 1)
        with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')


def _drop_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        import psycopg
        from django.db import connections

        connections.close_all()
        admin, name = url.rsplit("/", 1)
        with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    for benchmark in BENCHMARKS:
        parser.add_argument(benchmark.option, type=int, default=benchmark.default)
    parser.add_argument("--run", default="", help="comma-separated benchmark keys to run")
    args = parser.parse_args()
    _prepare_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    chosen = set(args.run.split(","))
    rows = []
    try:
        for benchmark in BENCHMARKS:
            if benchmark.key in chosen:
                module = importlib.import_module(f"bench.{benchmark.module}")
                rows += module.run(getattr(args, dest(benchmark)))
    finally:
        _drop_database()
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    sys.exit(main())
