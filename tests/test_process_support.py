"""The suite's own process handling (nigraan.testing.processes): a server that never comes up
fails its test quickly, saying what did not come up and showing the server's last log lines;
a process that hangs fails at the bound it was given; stopping a process stops its children."""

from __future__ import annotations

import os
import sys
import time

import pytest

from nigraan.testing.processes import StartedProcess, nigraan_server

pytestmark = pytest.mark.slow


def _server_env(tmp_path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "NIGRAAN_"))}
    env.pop("DATABASE_URL", None)
    env.update(NIGRAAN_DATA_DIR=str(tmp_path / "data"), NIGRAAN_DEMO_MODE="0", **extra)
    return env


def test_a_server_with_a_broken_setting_fails_within_a_minute_showing_its_last_log_lines(
    tmp_path,
):
    env = _server_env(tmp_path, NIGRAAN_SESSION_SECONDS="eight hours")
    began = time.monotonic()
    with (
        pytest.raises(AssertionError) as failure,
        nigraan_server(env, tmp_path / "serve.log", within=60),
    ):
        pass
    elapsed = time.monotonic() - began
    message = str(failure.value)
    assert "the server to report its address: never happened" in message
    assert "exited with code 1" in message
    # The server's own words, from its log: the setting and what was wrong with it.
    assert "ValueError" in message and "eight hours" in message
    assert elapsed < 60, f"the failure took {elapsed:.0f} s"


def test_a_process_that_never_gets_ready_fails_at_its_bound_naming_what_was_awaited(tmp_path):
    script = "import time; print('starting, never ready', flush=True); time.sleep(600)"
    with StartedProcess(
        "sleeper", [sys.executable, "-c", script], env=os.environ, log=tmp_path / "sleeper.log"
    ) as sleeper:
        with pytest.raises(AssertionError) as failure:
            sleeper.wait_for_log("^ready$", what="the sleeper to say ready", within=2)
        message = str(failure.value)
        assert "the sleeper to say ready: not within 2 s" in message
        assert "still running" in message and "starting, never ready" in message
    assert sleeper.process.returncode is not None  # stopped on leaving the block


def test_stopping_a_process_stops_its_children_and_nothing_else(tmp_path):
    script = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        "print('child', child.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    with StartedProcess(
        "parent", [sys.executable, "-c", script], env=os.environ, log=tmp_path / "parent.log"
    ) as parent:
        child_pid = int(parent.wait_for_log(r"^child (\d+)$", what="the child to start")[1])
    give_up = time.monotonic() + 30  # SIGKILL is delivered asynchronously
    while _alive(child_pid) and time.monotonic() < give_up:
        time.sleep(0.05)
    assert not _alive(child_pid), "the child outlived the stopped process group"
    assert _alive(os.getpid())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (exited, not yet reaped by init) is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
