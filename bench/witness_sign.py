"""Signing with witnesses at a large log: the time to sign a tree head and have two local
witness processes cosign it, beside plain signing (the same head, no witnesses) in the same run.

Setup (not timed): the log filled to ``leaves`` events (raw inserts, then sequenced and signed
for real), two ``nigraan witness serve`` processes on this machine, each with its own data
directory and key, trusting the log, and both cosigning the head at that size.

Then each round appends ``batch`` events and times, one after the other on the same head:
``sequence_and_sign()`` alone (plain signing: the baseline), and ``push_latest_head()`` (the
consistency proof from the witnesses' size, two HTTP POSTs at once, each witness's checks and
fsync, and storing both cosignatures). Figures are medians over the rounds; "ours" is sign plus
cosign, what the worker does every minute.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

from django.test.utils import override_settings

from bench.ledger_verify import fill_events
from nigraan.config import WitnessSpec
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.models import Leaf
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.witnessing import push_latest_head
from nigraan.testing.processes import StartedProcess, nigraan_process, start_witness
from nigraan.witness.config import DataDir

ROUNDS = 7
BATCH = 1_000


def _witness(directory: Path, name: str) -> tuple[StartedProcess, WitnessSpec]:
    data = directory / name.rsplit("/", 1)[-1]
    added = nigraan_process(
        f"add-log {name}",
        ["witness", "add-log", "--data", str(data), "--name", name, verifier_key()],
        env=os.environ,
        log=directory / "add-log.log",
    )
    if added.process.wait(timeout=60) != 0:
        raise SystemExit(f"nigraan witness add-log failed: {added.tail()}")
    process, url = start_witness(data, directory / f"{data.name}.log", name=name)
    return process, WitnessSpec(name, url, DataDir(data).verifier_key(name))


def _round(batch: int, round_: int) -> tuple[float, float]:
    fill_events(batch, prefix=f"NGR-WB{round_}-", sign=False)
    begin = time.perf_counter()
    head = sequence_and_sign()
    signed = time.perf_counter()
    pushed = push_latest_head()
    done = time.perf_counter()
    if head is None or pushed is None or not pushed.witnessed:
        raise SystemExit(f"round {round_}: not witnessed: {pushed}")
    return signed - begin, done - signed


def run(leaves: int, rounds: int = ROUNDS, batch: int = BATCH) -> list[dict]:
    setup = time.perf_counter()
    missing = leaves - Leaf.objects.count()
    if missing > 0:
        fill_events(missing, prefix="NGR-W")
    directory = Path(tempfile.mkdtemp(prefix="nigraan-bench-witnesses-"))
    processes, specs = [], []
    for name in ("bench.local/witness-1", "bench.local/witness-2"):
        process, spec = _witness(directory, name)
        processes.append(process)
        specs.append(spec)
    try:
        with override_settings(NIGRAAN_WITNESSES=specs, NIGRAAN_WITNESS_QUORUM=2):
            first = time.perf_counter()
            pushed = push_latest_head()
            if pushed is None or not pushed.witnessed:
                raise SystemExit(f"the first cosigning at the full size failed: {pushed}")
            first_seconds = time.perf_counter() - first
            setup_seconds = time.perf_counter() - setup
            timings = [_round(batch, r) for r in range(rounds)]
    finally:
        for process in processes:
            process.stop()
    plain = statistics.median(t[0] for t in timings)
    cosign = statistics.median(t[1] for t in timings)
    size = Leaf.objects.count()
    return [
        {
            "measure": f"sign + 2 witnesses cosign, s (n={size:,}; +{batch:,}/round)",
            "ours": plain + cosign,
            "baseline": plain,
            "ratio": (plain + cosign) / plain,
            "target": "cosigning adds < 1 s",
        },
        {
            "measure": f"cosign alone, s (median of {rounds}; first at n={leaves:,}: "
            f"{first_seconds:.2f} s; setup {setup_seconds:.0f} s)",
            "ours": cosign,
            "baseline": plain,
            "ratio": cosign / plain,
            "target": "informational",
        },
    ]
