"""Run every benchmark on SQLite and (when reachable) PostgreSQL, each database in its own
process with a fresh data directory, and print each figure beside its baseline.

    python -m bench [--events N] [--append N] [--notifications N] [--figure-cases N]
                    [--only sqlite|postgres] [--skip ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _postgres_url() -> str:
    found = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "find_postgres.py")], capture_output=True, text=True
    )
    url = found.stdout.strip()
    return url.rsplit("/", 1)[0] + "/nigraan_bench" if url else ""


def _run(database: str, url: str, args: argparse.Namespace) -> dict:
    env = dict(os.environ, NIGRAAN_DATA_DIR=tempfile.mkdtemp(prefix=f"nigraan-bench-{database}-"))
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    command = [
        sys.executable,
        "-m",
        "bench.run_one",
        "--events",
        str(args.events),
        "--append",
        str(args.append),
        "--reports",
        str(args.reports),
        "--deadlines",
        str(args.deadlines),
        "--notifications",
        str(args.notifications),
        "--figure-cases",
        str(args.figure_cases),
        "--skip",
        args.skip,
    ]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        raise SystemExit(f"benchmark on {database} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--events", type=int, default=1_000_000, help="events for the verify benchmark"
    )
    parser.add_argument(
        "--append", type=int, default=20_000, help="events for the append benchmark"
    )
    parser.add_argument(
        "--reports", type=int, default=240, help="API reports per concurrency level"
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument(
        "--deadlines", type=int, default=1_000_000, help="open deadlines for the sweep benchmark"
    )
    parser.add_argument(
        "--notifications",
        type=int,
        default=2_000,
        help="messages per channel for the notify benchmark",
    )
    parser.add_argument(
        "--figure-cases",
        type=int,
        default=1_000_000,
        help="cases (about 10 events each) for the figures benchmark",
    )
    parser.add_argument(
        "--skip", default="", help="comma-separated: intake,append,verify,sweep,notify,figures"
    )
    args = parser.parse_args()
    targets = []
    if args.only != "postgres":
        targets.append(("SQLite", ""))
    if args.only != "sqlite":
        url = _postgres_url()
        if url:
            targets.append(("PostgreSQL", url))
        else:
            print("PostgreSQL not reachable: skipping it")
    print(f"{'database':<11} {'measure':<46} {'Nigraan':>14} {'baseline':>14} {'ratio':>7}  target")
    print("(for reports/s the baseline is GET /healthz of the same server, same clients)")
    for name, url in targets:
        print(f"... running on {name} (this takes a few minutes)", flush=True)
        for row in _run(name, url, args)["rows"]:
            ours, base = (
                (f"{row['ours']:>14,.3f}", f"{row['baseline']:>14,.3f}")
                if row["ours"] < 100
                else (f"{row['ours']:>14,.0f}", f"{row['baseline']:>14,.0f}")
            )
            print(
                f"{name:<11} {row['measure']:<46} {ours} {base} {row['ratio']:>7.2f}  "
                f"{row['target']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
