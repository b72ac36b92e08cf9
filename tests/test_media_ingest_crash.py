"""Press ingest as the background task meets it: two runs at once, and a run killed (SIGKILL) in
the middle of reading pages, then run again. Real processes (``nigraan media ingest --once``) on a
fresh data directory (SQLite, or a PostgreSQL database of their own when DATABASE_URL is set),
against the local outlet server. Nothing may be read twice by overlapping runs, and nothing may be
lost or counted twice after the crash."""

from __future__ import annotations

import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from background_support import fresh_data_dir, query
from media_outlets import outlet_server
from media_press_world import build_world
from nigraan.cases.rules import DEFAULT_DIR
from nigraan.testing.processes import StartedProcess, nigraan_process

pytestmark = pytest.mark.slow
LEASE_SECONDS = 3  # how long a killed run's page stays held (15 minutes outside tests)
PAGES = [
    "/example/news/1001-girl-abducted-in-chunian",
    "/example/news/1002-cabinet-school-funds",
    "/second/story/77-minor-girl-kidnapped",
    "/second/story/78-family-seeks-recovery",
    "/urdu/khabar/55",
    "/flaky/news/5-marriage-stopped-in-jhang",
]
# After both runs: what every article became, and how many incidents (as test_media_ingest.py).
SETTLED = {
    "incident": 4,  # the abduction, the same event told again, the Urdu brief, the marriage
    "not_incident": 1,
    "copy": 1,
    "set_aside": 2,  # the entry with no link, the page robots.txt keeps us from
}


def _ingest(name: str, env: dict[str, str], tmp_path: Path) -> StartedProcess:
    return nigraan_process(
        name, ["media", "ingest", "--once"], env=env, log=tmp_path / f"{name}.log"
    )


def _settled(env: dict[str, str]) -> dict[str, int]:
    return dict(query(env, "SELECT status, COUNT(*) FROM media_article GROUP BY status"))


def _assert_each_account_once(env: dict[str, str]) -> None:
    assert query(env, "SELECT COUNT(*) FROM media_incident") == [(3,)]
    rows = query(
        env,
        "SELECT article_id, position, COUNT(*) FROM media_incidentsource "
        "GROUP BY article_id, position HAVING COUNT(*) > 1",
    )
    assert rows == []
    assert query(env, "SELECT COUNT(*) FROM media_incidentsource") == [(5,)]  # 4 reports, 1 copy


@pytest.fixture
def press(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(DEFAULT_DIR, rules)
    with outlet_server() as server, fresh_data_dir(tmp_path, "press") as env:
        world = build_world(server, rules)
        env["NIGRAAN_RULES_DIR"] = str(rules)
        env["NIGRAAN_PRESS_LEASE_SECONDS"] = str(LEASE_SECONDS)
        yield world, env


def test_two_runs_at_once_read_each_page_once_and_join_each_article_once(press, tmp_path):
    world, env = press
    with (
        _ingest("first run", env, tmp_path) as first,
        _ingest("second run", env, tmp_path) as second,
    ):
        assert first.process.wait(timeout=120) == 0, first.describe()
        assert second.process.wait(timeout=120) == 0, second.describe()
    for path in PAGES:
        assert len(world.server.hits(path)) == 1, path
    assert (
        len(world.server.hits("/example/feed.xml")) == 1
    )  # one run read it; the other saw it leased
    assert _settled(env) == SETTLED
    _assert_each_account_once(env)


def test_a_run_killed_while_reading_pages_loses_nothing_and_doubles_nothing(press, tmp_path):
    world, env = press
    killed = threading.Event()
    victim: list[StartedProcess] = []

    def kill_at_the_third_page(path: str) -> None:
        if path in PAGES and not killed.is_set():
            read = sum(len(world.server.hits(p)) for p in PAGES)
            if read == 3:
                killed.set()
                victim[0].signal_group(signal.SIGKILL)  # while this page is being answered

    world.server.on_request = kill_at_the_third_page
    with _ingest("killed run", env, tmp_path) as run:
        victim.append(run)
        assert run.process.wait(timeout=120) == -signal.SIGKILL, run.describe()
    assert killed.is_set()
    world.server.on_request = None
    before = _settled(env)
    assert before.get("queued", 0) >= 1  # pages the killed run never finished wait, queued
    time.sleep(LEASE_SECONDS + 0.5)  # the killed run's hold on the page in flight runs out
    with _ingest("run after the crash", env, tmp_path) as again:
        assert again.process.wait(timeout=180) == 0, again.describe()
    assert _settled(env) == SETTLED
    _assert_each_account_once(env)
    # The page in flight at the kill is read again (its lease ran out or was never settled);
    # no other page is.
    reread = [path for path in PAGES if len(world.server.hits(path)) > 1]
    assert len(reread) <= 1, reread
