"""The sequencer pushes every new signed tree head to its witnesses (two real witness
processes), stores their cosignatures and publishes the cosigned checkpoint once K of N have
cosigned; a witness down does not stop that when the quorum is still met, and catches up when
it is back. docs/verify_cosignature.py checks the published note from the C2SP specs alone."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

from nigraan import tasks
from nigraan.ledger.append import append_event
from nigraan.ledger.models import SigningHalt, WitnessCosignature, WitnessPosition
from nigraan.ledger.proofs import latest_tree_head
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.witnessing import push_head, push_latest_head
from witness_support import run_script, witness_log, witness_pair

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    witnesses = witness_pair(tmp_path_factory.mktemp("witnesses"))
    yield witnesses
    for witness in witnesses:
        witness.stop()


@pytest.fixture
def log_key(pair, settings, request):
    return witness_log(pair, settings, request.node.nodeid)


def _report(n: int, ref: str = "NGR-WIT00001") -> None:
    with transaction.atomic():
        append_event(case_ref=ref, kind="case.note_added", actor="cw.kasur", data={"n": n})


def _sign(events: int, start: int = 0) -> int:
    for n in range(start, start + events):
        _report(n, f"NGR-WIT{n % 3:05d}")
    return sequence_and_sign().tree_size


def test_a_new_head_is_cosigned_by_both_witnesses_and_published(client, pair, log_key, tmp_path):
    size = _sign(6)
    pushed = push_latest_head()
    assert pushed.witnessed and pushed.cosigned == 2, pushed.outcomes
    assert set(pushed.outcomes.values()) == {"cosigned"}
    note = client.get("/api/v1/ledger/witnessed").content.decode()
    assert note.count("\u2014 ") == 3 and note.startswith(latest_tree_head().checkpoint)
    path = tmp_path / "witnessed.txt"
    path.write_text(note)
    keys = [arg for w in pair for arg in ("--witness", w.vkey)]
    checked = run_script("verify_cosignature.py", str(path), "--log-key", log_key, *keys)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"size {size}" in checked.stdout and "cosigned by 2 of 2 witnesses" in checked.stdout


def test_growth_is_cosigned_from_each_witness_last_size(pair, log_key):
    first = _sign(5)
    assert push_latest_head().witnessed
    second = _sign(9, start=5)
    pushed = push_latest_head()
    assert pushed.witnessed and pushed.tree_size == second > first
    assert set(WitnessPosition.objects.values_list("tree_size", flat=True)) == {second}
    assert push_latest_head().outcomes == dict.fromkeys((w.name for w in pair), "cosigned before")


def test_the_signing_task_signs_and_gathers_the_quorum(pair, log_key):
    _sign(4)
    result = tasks.run("sign_ledger")
    assert result["cosigned"] == 2 and result["quorum"] == 2 and result["pushed"] == 4


def test_a_lost_record_of_witness_positions_heals_without_an_alarm(pair, log_key):
    """Our own record lost (not an attack): the witnesses' 409s say where they are."""
    _sign(5)
    push_latest_head()
    WitnessPosition.objects.all().delete()
    size = _sign(3, start=5)
    pushed = push_latest_head()
    assert pushed.witnessed and pushed.tree_size == size, pushed.outcomes
    assert not SigningHalt.objects.exists()


def test_an_older_head_pushed_after_a_newer_one_raises_no_alarm(pair, log_key):
    """Two signing tasks racing: the one holding the older head answers late."""
    _sign(4)
    older = latest_tree_head()
    _sign(4, start=4)
    assert push_latest_head().witnessed
    late = push_head(older)
    assert late is not None and not late.halted, late.outcomes
    assert not SigningHalt.objects.exists()


def test_one_witness_down_the_quorum_of_one_still_publishes_and_it_catches_up(
    tmp_path, settings, request, client
):
    pair = witness_pair(tmp_path)
    try:
        witness_log(pair, settings, request.node.nodeid, quorum=1)
        _sign(5)
        assert push_latest_head().cosigned == 2
        pair[1].stop()
        size = _sign(7, start=5)
        pushed = push_latest_head()
        assert pushed.witnessed and pushed.cosigned == 1, pushed.outcomes
        assert pushed.outcomes[pair[1].name].startswith("unreachable")
        served = client.get("/api/v1/ledger/witnessed").content.decode()
        assert f"\n{size}\n" in served and pair[0].name in served and pair[1].name not in served
        listed = client.get("/api/v1/ledger/witnesses").json()
        assert [w["last_cosigned_size"] for w in listed["witnesses"]] == [size, 5]
        pair[1].start()  # same data directory, a new port: it kept size 5
        settings.NIGRAAN_WITNESSES = [w.spec for w in pair]
        assert push_latest_head().cosigned == 2
        assert WitnessCosignature.objects.filter(tree_head__tree_size=size).count() == 2
    finally:
        for witness in pair:
            witness.stop()


def test_with_a_quorum_of_two_one_down_leaves_the_head_signed_but_not_witnessed(
    pair, log_key, settings, client, capsys
):
    first = _sign(3)
    push_latest_head()
    dead = settings.NIGRAAN_WITNESSES[1]
    settings.NIGRAAN_WITNESSES = [
        settings.NIGRAAN_WITNESSES[0],
        type(dead)(dead.name, "http://127.0.0.1:9", dead.verifier_key),
    ]
    settings.NIGRAAN_WITNESS_TIMEOUT_SECONDS = 2
    _report(99)
    call_command("ledger", "sign")
    out = capsys.readouterr().out
    assert "NOT witnessed yet: 1 of 2 witnesses cosigned it (quorum 2)" in out
    assert client.get("/api/v1/ledger/checkpoint").content.decode().split("\n")[1] == str(first + 1)
    assert client.get("/api/v1/ledger/witnessed").content.decode().split("\n")[1] == str(first)
    by_size = client.get(f"/api/v1/ledger/witnessed?tree_size={first}")
    assert by_size.status_code == 200 and by_size.content.decode().count("\u2014 ") == 3
    assert client.get(f"/api/v1/ledger/witnessed?tree_size={first + 1}").status_code == 404
    assert client.get("/api/v1/ledger/witnessed?tree_size=x").status_code == 400
