"""Witnesses as separate processes: each its own data directory, key and port; a witness killed
and restarted keeps what it cosigned and its key; many concurrent add-checkpoint requests from
the same old size can never roll a witness back; a log added while it runs is picked up."""

from __future__ import annotations

import threading

from nigraan.ledger.note import COSIGNATURE_ED25519, cosignatures, parse_key, split_note
from nigraan.testing.processes import start_witness
from witness_support import SyntheticLog, post, run_witness, witness_command


def _verify(vkey: str, log: SyntheticLog, size: int, reply: str) -> None:
    text, _ = split_note(log.checkpoint(size))
    key = parse_key(vkey, COSIGNATURE_ED25519)
    assert key.name in cosignatures(text, split_note(text + "\n" + reply)[1], [key])


def test_two_witnesses_run_apart_with_their_own_keys_data_and_ports(tmp_path):
    log = SyntheticLog("test.example/two").grow(6)
    one, url_one, key_one = run_witness(tmp_path, "test.example/w1", log.vkey)
    two, url_two, key_two = run_witness(tmp_path, "test.example/w2", log.vkey)
    with one, two:
        assert url_one != url_two and key_one != key_two and one.pid != two.pid
        for url, key in ((url_one, key_one), (url_two, key_two)):
            reply = post(url, log.request(0))
            assert reply.status == 200, reply.body
            _verify(key, log, 6, reply.body)
        one.stop()
        log.grow(4)
        assert post(url_two, log.request(6)).status == 200  # the other does not care


def test_a_killed_witness_restarts_with_its_state_and_key(tmp_path):
    log = SyntheticLog("test.example/restart").grow(7)
    process, url, vkey = run_witness(tmp_path, "test.example/w-restart", log.vkey)
    assert post(url, log.request(0)).status == 200
    process.kill()  # SIGKILL right after the answer: what was answered was already on disk
    data = tmp_path / "test.example_w-restart"
    again, url_again = start_witness(data, tmp_path / "again.log", name="test.example/w-restart")
    with again:
        stale = post(url_again, log.request(0))
        assert (stale.status, stale.body) == (409, "7\n")  # it remembers size 7
        log.grow(3)
        reply = post(url_again, log.request(7))
        assert reply.status == 200, reply.body
        _verify(vkey, log, 10, reply.body)  # and signs with the same key
        fork = SyntheticLog(log.origin, log.key, tag="fork").grow(10)
        assert post(url_again, fork.request(10)).status == 409


def _race(url: str, log: SyntheticLog, old: int, sizes: list[int]) -> list[tuple[int, str]]:
    bodies = [log.request(old, size) for size in sizes]
    start = threading.Barrier(len(bodies))
    replies: list[tuple[int, str] | None] = [None] * len(bodies)

    def send(index: int) -> None:
        start.wait()
        reply = post(url, bodies[index])
        replies[index] = (reply.status, reply.body)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(reply is not None for reply in replies), "a request never got its answer"
    return [reply for reply in replies if reply is not None]


def test_concurrent_requests_from_the_same_old_size_never_roll_the_witness_back(tmp_path):
    """The spec's race: A (old N → N+1) and B (old N → N+K) at once. Exactly one may win; the
    rest must get 409 naming the winner's size, and the witness stays at the winner's size."""
    log = SyntheticLog("test.example/race").grow(300)
    process, url, _ = run_witness(tmp_path, "test.example/w-race", log.vkey)
    with process:
        old = 10
        assert post(url, log.request(0, old)).status == 200
        for round_ in range(4):
            sizes = [old + 1 + (i * 7 + round_) % 60 for i in range(24)]
            replies = _race(url, log, old, sizes)
            winners = [sizes[i] for i, (status, _) in enumerate(replies) if status == 200]
            assert len(winners) == 1, replies
            winner = winners[0]
            for (status, body), size in zip(replies, sizes, strict=True):
                assert status == 200 or (status, body) == (409, f"{winner}\n"), (size, body)
            confirm = post(url, log.request(0))
            assert (confirm.status, confirm.body) == (409, f"{winner}\n")
            old = winner
        shown = witness_command("show", "--data", str(tmp_path / "test.example_w-race")).stdout
        assert f"cosigned size {old} at" in shown


def test_a_log_added_while_the_witness_runs_is_trusted_without_a_restart(tmp_path):
    first = SyntheticLog("test.example/first").grow(2)
    later = SyntheticLog("test.example/later").grow(3)
    process, url, _ = run_witness(tmp_path, "test.example/w-reload", first.vkey)
    with process:
        assert post(url, later.request(0)).status == 404
        added = witness_command(
            "add-log", "--data", str(tmp_path / "test.example_w-reload"), later.vkey
        )
        assert added.returncode == 0, added.stderr
        assert post(url, later.request(0)).status == 200
