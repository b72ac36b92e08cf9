"""Processes a test starts: servers, workers, brokers' consumers, receivers.

Every process a test starts through this module
- runs in a session (process group) of its own, so stopping it stops its children and nothing else;
- writes its output to a log file, whose last lines are added to the report of a failing test
  (the ``pytest_runtest_makereport`` hook in conftest.py) and to every readiness failure;
- is waited for with an assertion that names what did not come up (``wait_for``,
  ``wait_for_log``, ``wait_for_http``), and that fails at once if the process has exited;
- listens on a port it bound itself and reported (``nigraan serve --port 0`` prints
  ``Serving on http://HOST:PORT/``), never on a port found free and released beforehand.

In-process receivers (HTTP, SMTP) bind port 0 the same way: see ``bound_socket``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

LOG_TAIL_LINES = 40

# Processes started during the current test, for the failure report (reset before each test).
STARTED: list[StartedProcess] = []


class StartedProcess:
    """One process started by a test, in its own process group, logging to ``log``."""

    def __init__(
        self,
        name: str,
        args: Sequence[str],
        *,
        env: Mapping[str, str],
        log: Path,
        cwd: Path | None = None,
    ) -> None:
        self.name = name
        self.log = log
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                list(args),
                env=dict(env),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid = self.process.pid
        STARTED.append(self)

    # --- what it said ------------------------------------------------------------------------

    def output(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines: int = LOG_TAIL_LINES) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def describe(self) -> str:
        code = self.process.poll()
        state = "still running" if code is None else f"exited with code {code}"
        return (
            f"{self.name} (pid {self.pid}, {state}); last lines of {self.log}:\n"
            f"{self.tail() or '(no output)'}"
        )

    # --- waiting -----------------------------------------------------------------------------

    def wait_for(
        self, condition: Callable[[], object], *, what: str, within: float, every: float = 0.05
    ) -> object:
        """Poll ``condition()`` until it returns something true, and return that. Fails naming
        ``what`` after ``within`` seconds, or as soon as the process has exited."""
        give_up = time.monotonic() + within
        while True:
            result = condition()
            if result:
                return result
            if self.process.poll() is not None:
                raise AssertionError(f"{what}: never happened; {self.describe()}")
            if time.monotonic() > give_up:
                raise AssertionError(f"{what}: not within {within:.0f} s; {self.describe()}")
            time.sleep(every)

    def wait_for_log(self, pattern: str, *, what: str, within: float = 60) -> re.Match[str]:
        """Wait until the log has a line matching ``pattern``; return the match."""
        compiled = re.compile(pattern, re.MULTILINE)
        match = self.wait_for(lambda: compiled.search(self.output()), what=what, within=within)
        assert isinstance(match, re.Match)
        return match

    def wait_for_http(self, url: str, *, what: str, within: float = 60) -> None:
        """Wait until ``url`` answers 200."""

        def answers() -> bool:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    return response.status == 200
            except (OSError, urllib.error.HTTPError):
                return False

        self.wait_for(answers, what=what, within=within, every=0.1)

    # --- stopping ----------------------------------------------------------------------------

    def signal_group(self, sig: int) -> None:
        """Signal the process and its children (its process group), nothing else."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, sig)

    def kill(self) -> int:
        """SIGKILL the group (a crash); returns the exit code."""
        self.signal_group(signal.SIGKILL)
        return self.process.wait(timeout=30)

    def stop(self, *, grace: float = 20) -> int:
        """SIGTERM, as a service manager stops it; SIGKILL what is left after ``grace`` seconds.
        Returns the process's exit code."""
        if self.process.poll() is None:
            self.signal_group(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace)
        self.signal_group(signal.SIGKILL)  # children that outlived their parent
        return self.process.wait(timeout=30)

    def __enter__(self) -> StartedProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        StartedProcess.stop(self)  # not a subclass's stricter stop(): the test may have killed it


def nigraan_process(
    name: str, args: Sequence[str], *, env: Mapping[str, str], log: Path
) -> StartedProcess:
    """``python -m nigraan ARGS`` in its own process group."""
    return StartedProcess(name, [sys.executable, "-m", "nigraan", *args], env=env, log=log)


SERVING = r"^Serving on (http://[0-9.]+:\d+)/$"


@contextlib.contextmanager
def nigraan_server(
    env: Mapping[str, str], log: Path, *args: str, within: float = 90
) -> Iterator[tuple[StartedProcess, str]]:
    """``nigraan serve --port 0`` (gunicorn, no embedded worker unless asked): waits until it
    reports its address and answers /healthz, yields (process, base URL), stops it after."""
    server = nigraan_process(
        "nigraan serve", ["serve", "--port", "0", "--no-worker", *args], env=env, log=log
    )
    try:
        base = server.wait_for_log(SERVING, what="the server to report its address", within=within)[
            1
        ]
        server.wait_for_http(base + "/healthz", what=f"{base}/healthz to answer", within=within)
        yield server, base
    finally:
        server.stop()


def bound_socket(host: str = "127.0.0.1") -> socket.socket:
    """A listening TCP socket on a port the kernel chose, kept open: hand it to the server
    that will use it, so no other process can take the port in between."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen(128)
    return sock


def unused_address(host: str = "127.0.0.1") -> tuple[socket.socket, str]:
    """An address nobody answers on, for tests of a dead partner: a bound socket that never
    listens (connections are refused) for as long as the caller keeps it open."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind((host, 0))
    return sock, f"{host}:{sock.getsockname()[1]}"


WITNESSING = r"^Witnessing on (http://[0-9.]+:\d+)/$"


def start_witness(
    data: Path, log: Path, *, name: str, env: Mapping[str, str] | None = None, within: float = 60
) -> tuple[StartedProcess, str]:
    """``nigraan witness serve --listen 127.0.0.1:0`` on its own data directory: waits until it
    reports its address and answers, returns (process, base URL). The caller stops it (or uses
    it as a context manager)."""
    witness = nigraan_process(
        f"witness {name}",
        ["witness", "serve", "--data", str(data), "--name", name, "--listen", "127.0.0.1:0"],
        env=os.environ if env is None else env,
        log=log,
    )
    try:
        base = witness.wait_for_log(WITNESSING, what=f"witness {name} to report its address")[1]
        witness.wait_for_http(base + "/", what=f"witness {name} to answer", within=within)
    except BaseException:
        witness.stop()
        raise
    return witness, base
