"""Run every benchmark on SQLite and (when reachable) PostgreSQL, each database in its own
process with a fresh data directory (and a PostgreSQL database of its own, dropped afterwards),
and print each figure beside its baseline.

    python -m bench [--only sqlite|postgres] [--only-bench KEY,...] [--skip KEY,...]
                    [a size option per benchmark: see --help and bench/registry.py]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.registry import BENCHMARKS, dest

ROOT = Path(__file__).resolve().parent.parent


def _postgres_url() -> str:
    found = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "find_postgres.py")], capture_output=True, text=True
    )
    url = found.stdout.strip()
    # A database per run: two bench runs at once (two clones) must not drop each other's.
    return url.rsplit("/", 1)[0] + f"/nigraan_bench_{os.getpid()}" if url else ""


def _run(database: str, url: str, args: argparse.Namespace, chosen: list[str]) -> dict:
    env = dict(os.environ, NIGRAAN_DATA_DIR=tempfile.mkdtemp(prefix=f"nigraan-bench-{database}-"))
    env.pop("DATABASE_URL", None)
    if url:
        env["DATABASE_URL"] = url
    command = [sys.executable, "-m", "bench.run_one", "--run", ",".join(chosen)]
    for benchmark in BENCHMARKS:
        command += [benchmark.option, str(getattr(args, dest(benchmark)))]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        raise SystemExit(f"benchmark on {database} failed")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    keys = ",".join(b.key for b in BENCHMARKS)
    parser.add_argument("--only-bench", default="", help=f"comma-separated, of: {keys}")
    parser.add_argument("--skip", default="", help=f"comma-separated, of: {keys}")
    for benchmark in BENCHMARKS:
        parser.add_argument(
            benchmark.option,
            type=int,
            default=benchmark.default,
            help=f"{benchmark.size_help} (default {benchmark.default:,})",
        )
    args = parser.parse_args()
    wanted = set(filter(None, args.only_bench.split(","))) or {b.key for b in BENCHMARKS}
    unknown = (wanted | set(filter(None, args.skip.split(",")))) - {b.key for b in BENCHMARKS}
    if unknown:
        parser.error(f"unknown benchmark {', '.join(sorted(unknown))}; known: {keys}")
    chosen = [b.key for b in BENCHMARKS if b.key in wanted and b.key not in args.skip.split(",")]
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
        for row in _run(name, url, args, chosen)["rows"]:
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
