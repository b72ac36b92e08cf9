"""Every benchmark, once: its key (for --skip and --only-bench), the module that runs it, and
the size it takes (its option, default and meaning). A new benchmark is one line here and a
module with ``run(size) -> list[dict]`` (rows: measure, ours, baseline, ratio, target)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    key: str
    module: str  # under bench/
    option: str  # command-line option for its size
    default: int
    size_help: str


BENCHMARKS: tuple[Benchmark, ...] = (
    # First: it needs a ledger of whole cases only (the others leave bare chains behind).
    Benchmark(
        "projections",
        "projection_verify",
        "--projection-events",
        1_000_000,
        "events (in whole cases, rows and deadlines) for verify with projections",
    ),
    Benchmark("intake", "intake_api", "--reports", 240, "API reports per concurrency level"),
    Benchmark(
        "guessing",
        "receipt_guessing",
        "--guessing-seconds",
        20,
        "seconds of right-code logins with and without a receipt-guessing attack",
    ),
    Benchmark("append", "ledger_append", "--append", 20_000, "events for the append benchmark"),
    Benchmark("verify", "ledger_verify", "--events", 1_000_000, "events for the verify benchmark"),
    Benchmark("sweep", "deadline_sweep", "--deadlines", 1_000_000, "open deadlines for the sweep"),
    Benchmark("notify", "notify_delivery", "--notifications", 2_000, "messages per channel"),
    Benchmark(
        "alerts",
        "alert_targeting",
        "--alert-subscribers",
        1_000_000,
        "subscribers inside the alert circle (as many outside)",
    ),
    Benchmark("media", "media_extract", "--media", 1_000, "articles for press extraction"),
    Benchmark("figures", "figures_release", "--figure-cases", 1_000_000, "cases for the figures"),
    Benchmark(
        "export",
        "case_export",
        "--export-rows",
        1_000_000,
        "cases in the staff export (measured at a tenth of it too)",
    ),
    Benchmark(
        "witness",
        "witness_sign",
        "--witness-leaves",
        1_000_000,
        "leaves in the log when signing with two witnesses cosigning",
    ),
    Benchmark("ingest", "media_ingest", "--ingest", 200, "articles ingested from a local server"),
    Benchmark(
        "staff",
        "staff_lists",
        "--staff-cases",
        1_000_000,
        "cases (ten events each) under the staff lists",
    ),
)


def dest(benchmark: Benchmark) -> str:
    """The argparse attribute of a benchmark's size option."""
    return benchmark.option.lstrip("-").replace("-", "_")
