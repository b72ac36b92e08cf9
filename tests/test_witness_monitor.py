"""A monitor following the public log from outside (``nigraan ledger monitor`` and the
standalone docs/monitor.py under python -I, each with its own state) passes an honest log and
exits non-zero naming a fork, a rollback, a missing proof and an unwitnessed head — the insider
attacks of test_witness_attacks.py seen from outside, over HTTP from a live server."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from nigraan.ledger.append import append_event
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.witnessing import push_latest_head
from witness_support import Insider, run_script, witness_log, witness_pair

CASES = ("NGR-MON00001", "NGR-MON00002", "NGR-MON00003")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    witnesses = witness_pair(tmp_path_factory.mktemp("witnesses"))
    yield witnesses
    for witness in witnesses:
        witness.stop()


class Monitors:
    """Both monitors, each with a state directory of its own, pointed at the live server."""

    def __init__(self, url: str, tmp_path, log_key: str, pair, max_unwitnessed: int) -> None:
        self.url = url
        self.tmp = tmp_path
        self.trust = ["--log-key", log_key, "--quorum", "2"]
        self.trust += [arg for w in pair for arg in ("--witness", w.vkey)]
        self.trust += ["--max-unwitnessed", str(max_unwitnessed)]

    def ours(self, capsys) -> tuple[int, str]:
        try:
            call_command(
                "ledger", "monitor", self.url, "--state", str(self.tmp / "ours"), *self.trust
            )
        except SystemExit as exc:
            return int(exc.code), capsys.readouterr().err
        return 0, capsys.readouterr().out

    def standalone(self) -> tuple[int, str]:
        done = run_script("monitor.py", self.url, "--state", str(self.tmp / "docs"), *self.trust)
        return done.returncode, done.stdout + done.stderr

    def both(self, capsys) -> list[tuple[int, str]]:
        return [self.ours(capsys), self.standalone()]


@pytest.fixture
def monitors(live_server, pair, settings, request, tmp_path):
    log_key = witness_log(pair, settings, request.node.nodeid)
    url = live_server.url + "/api/v1/ledger/"
    return Monitors(url, tmp_path, log_key, pair, max_unwitnessed=600)


def _events(count: int, refs: tuple[str, ...] = CASES, start: int = 0) -> None:
    for n in range(start, start + count):
        with transaction.atomic():
            append_event(
                case_ref=refs[n % len(refs)],
                kind="case.note_added",
                actor="cw.kasur",
                data={"n": n},
            )


def _sign_and_witness(count: int, start: int) -> int:
    _events(count, start=start)
    sequence_and_sign()
    pushed = push_latest_head()
    assert pushed is not None and pushed.witnessed, pushed
    return pushed.tree_size


def _all_fail_with(results: list[tuple[int, str]], word: str) -> None:
    for code, said in results:
        assert code == 1 and word in said, said


def test_an_honest_log_passes_both_monitors_as_it_grows(monitors, capsys):
    _sign_and_witness(9, 0)
    for code, said in monitors.both(capsys):
        assert code == 0 and "OK: size 9" in said, said
    _sign_and_witness(5, 9)
    for code, said in monitors.both(capsys):
        assert code == 0 and "OK: size 14" in said, said


@pytest.mark.parametrize(
    ("resign_at_seen_size", "word"), [(True, "FORK"), (False, "MISSING PROOF")]
)
def test_a_deleted_case_re_signed_with_the_real_key_is_a_fork(
    monitors, capsys, resign_at_seen_size, word
):
    seen = _sign_and_witness(12, 0)
    assert all(code == 0 for code, _ in monitors.both(capsys))
    Insider(connection).delete_case_and_unsign_everything("NGR-MON00002")
    if resign_at_seen_size:  # a careful forger signs a head at the size the world saw, too
        _events(4, refs=("NGR-FORGED001",))
        assert sequence_and_sign().tree_size == seen
    _events(6, refs=("NGR-FORGED001",), start=10)
    sequence_and_sign()
    _all_fail_with(monitors.both(capsys), word)
    _all_fail_with(monitors.both(capsys), word)  # and keeps failing: the state did not move


def test_an_old_backup_restored_with_another_report_is_a_rollback(monitors, capsys):
    insider = Insider(connection)
    _sign_and_witness(12, 0)
    backup = insider.backup()
    _sign_and_witness(6, 12)
    assert all(code == 0 for code, _ in monitors.both(capsys))  # both saw size 18
    insider.restore(backup)
    _events(1, refs=("NGR-OTHER0001",))
    assert sequence_and_sign().tree_size == 13
    _all_fail_with(monitors.both(capsys), "ROLLBACK")


def test_a_head_left_unwitnessed_too_long_is_named(monitors, capsys):
    _sign_and_witness(5, 0)
    monitors.trust[-1] = "0"  # no grace at all: any head not yet cosigned counts
    _events(3, start=5)
    sequence_and_sign()  # signed and published, never pushed to the witnesses
    _all_fail_with(monitors.both(capsys), "UNWITNESSED HEAD")
