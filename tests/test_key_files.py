"""Key files made on first use are never seen empty or half-written.

The cause of a flaky crash test on PostgreSQL: `nigraan init` did not make the receipt salt, so
the two gunicorn workers of a fresh server both made it at their first report. The file was
created (O_EXCL) and then written; the worker that lost the race read it in between, got an
empty salt, cached it, and answered every later report with a 500."""

from __future__ import annotations

import multiprocessing
import multiprocessing.synchronize
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nigraan.config import read_or_create_secret


def test_an_empty_key_file_is_refused_loudly_not_used(tmp_path):
    path = tmp_path / "receipt-salt.key"
    path.write_bytes(b"")  # what a racing process saw between the old create and write
    with pytest.raises(ValueError, match="is empty"):
        read_or_create_secret(path, lambda: os.urandom(16))


def test_a_new_key_file_is_whole_and_private(tmp_path):
    path = tmp_path / "master.key"
    value = read_or_create_secret(path, lambda: os.urandom(32))
    assert len(value) == 32 and path.read_bytes() == value
    assert path.stat().st_mode & 0o777 == 0o600
    assert read_or_create_secret(path, lambda: b"another") == value
    assert [p.name for p in tmp_path.iterdir()] == ["master.key"]  # no temporary file left


def _race(
    path: str, start: multiprocessing.synchronize.Barrier, out: multiprocessing.Queue
) -> None:
    start.wait()
    out.put(read_or_create_secret(Path(path), lambda: os.urandom(32)))


@pytest.mark.slow
def test_processes_making_the_same_key_at_once_all_get_the_one_key(tmp_path):
    forking = multiprocessing.get_context("fork")
    for round_number in range(20):
        path = tmp_path / f"key-{round_number}"
        start, out = forking.Barrier(8), forking.Queue()
        racers = [forking.Process(target=_race, args=(str(path), start, out)) for _ in range(8)]
        for racer in racers:
            racer.start()
        keys = [out.get(timeout=60) for _ in racers]
        for racer in racers:
            racer.join(timeout=60)
        assert {len(key) for key in keys} == {32}
        assert set(keys) == {path.read_bytes()}, f"round {round_number}: keys differ"


def test_init_makes_the_receipt_salt_so_servers_never_race_for_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NIGRAAN_"))}
    env.pop("DATABASE_URL", None)
    env.update(NIGRAAN_DATA_DIR=str(tmp_path / "data"), NIGRAAN_DEMO_MODE="0")
    subprocess.run(
        [sys.executable, "-m", "nigraan", "init"], env=env, check=True, capture_output=True
    )
    keys = tmp_path / "data" / "keys"
    assert (keys / "receipt-salt.key").stat().st_size == 16
    assert {p.name for p in keys.iterdir()} >= {
        "master.key",
        "ledger-signing.key",
        "django-secret.key",
        "receipt-salt.key",
    }
