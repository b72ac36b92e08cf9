"""A witness process answers every case of c2sp.org/tlog-witness add-checkpoint as the spec
says (200, 400, 403, 404, 409 with a text/x.tlog.size body, 422), with cosignatures that verify
(c2sp.org/tlog-cosignature), and keeps the refused but validly signed checkpoints as evidence."""

from __future__ import annotations

import time
import urllib.request

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.ledger.note import COSIGNATURE_ED25519, cosignatures, parse_key, split_note
from nigraan.ledger.witness_client import request_body
from witness_support import SyntheticLog, post, run_witness, witness_command

WITNESS = "test.example/witness-a"


@pytest.fixture(scope="module")
def witness(tmp_path_factory):
    """One witness process for the module; each test adds a log of its own and trusts it."""
    tmp = tmp_path_factory.mktemp("witness")
    process, url, vkey = run_witness(tmp, WITNESS)
    yield {"url": url, "vkey": vkey, "data": tmp / WITNESS.replace("/", "_"), "tmp": tmp}
    process.stop()


@pytest.fixture
def log(witness, request):
    """A fresh synthetic log (origin named after the test), trusted by the witness."""
    synthetic = SyntheticLog(f"test.example/{request.node.name}")
    added = witness_command("add-log", "--data", str(witness["data"]), synthetic.vkey)
    assert added.returncode == 0, added.stderr
    return synthetic


def _cosigned_at(witness: dict, log: SyntheticLog, reply_body: str, size: int) -> int:
    """Verify the reply's cosignature over the checkpoint of ``size``; return its time."""
    text, _ = split_note(log.checkpoint(size))
    lines = split_note(text + "\n" + reply_body)[1]
    found = cosignatures(text, lines, [parse_key(witness["vkey"], COSIGNATURE_ED25519)])
    assert WITNESS in found, reply_body
    return found[WITNESS]


def test_a_first_checkpoint_is_cosigned_with_a_timestamped_ed25519_cosignature(witness, log):
    log.grow(5)
    reply = post(witness["url"], log.request(0))
    assert reply.status == 200, reply.body
    assert reply.body.startswith(f"\u2014 {WITNESS} ") and reply.body.endswith("\n")
    assert abs(_cosigned_at(witness, log, reply.body, 5) - time.time()) < 60


def test_growth_with_a_valid_consistency_proof_is_cosigned(witness, log):
    log.grow(5)
    assert post(witness["url"], log.request(0)).status == 200
    log.grow(12)
    reply = post(witness["url"], log.request(5))
    assert reply.status == 200, reply.body
    _cosigned_at(witness, log, reply.body, 17)
    again = post(witness["url"], log.request(17))  # the same checkpoint again: cosigned again
    assert again.status == 200, again.body


def test_a_stale_old_size_gets_409_with_the_witness_size_as_text_x_tlog_size(witness, log):
    log.grow(9)
    assert post(witness["url"], log.request(0)).status == 200
    log.grow(3)
    reply = post(witness["url"], log.request(4))
    assert reply.status == 409
    assert reply.content_type == "text/x.tlog.size"
    assert reply.body == "9\n"


def test_the_same_size_with_another_root_gets_409_and_is_kept_as_evidence(witness, log):
    log.grow(9)
    assert post(witness["url"], log.request(0)).status == 200
    fork = SyntheticLog(log.origin, log.key, tag="rewritten").grow(9)
    reply = post(witness["url"], fork.request(9))
    assert (reply.status, reply.content_type, reply.body) == (409, "text/x.tlog.size", "9\n")
    kept = witness_command("evidence", "--data", str(witness["data"])).stdout
    assert fork.checkpoint(9) in kept and "409" in kept


def test_a_proof_that_does_not_verify_gets_422_and_is_kept(witness, log):
    log.grow(9)
    assert post(witness["url"], log.request(0)).status == 200
    log.grow(4)
    proof = log.proof(9)
    proof[0] = bytes(32)
    reply = post(witness["url"], request_body(9, proof, log.checkpoint()))
    assert reply.status == 422, reply.body
    kept = witness_command("evidence", "--data", str(witness["data"])).stdout
    assert log.checkpoint() in kept and "422" in kept


def test_a_fork_that_grew_past_the_witnessed_size_gets_422(witness, log):
    """The real key signs a rewritten history longer than what was witnessed: its own proof
    from the witnessed size cannot join the root the witness holds."""
    log.grow(9)
    assert post(witness["url"], log.request(0)).status == 200
    fork = SyntheticLog(log.origin, log.key, tag="rewritten").grow(14)
    reply = post(witness["url"], fork.request(9))
    assert reply.status == 422, reply.body
    follow_up = post(witness["url"], log.grow(5).request(9))  # the honest log carries on
    assert follow_up.status == 200, follow_up.body


def test_old_size_above_the_checkpoint_size_gets_400(witness, log):
    log.grow(3)
    reply = post(witness["url"], request_body(4, [bytes(32)], log.checkpoint()))
    assert reply.status == 400 and "old size" in reply.body


def test_an_unknown_origin_gets_404(witness):
    stranger = SyntheticLog("test.example/nobody-trusts-me").grow(2)
    assert post(witness["url"], stranger.request(0)).status == 404


def test_a_checkpoint_signed_by_an_untrusted_key_gets_403(witness, log):
    impostor = SyntheticLog(log.origin, Ed25519PrivateKey.generate()).grow(3)
    reply = post(witness["url"], impostor.request(0))
    assert reply.status == 403, reply.body


def test_a_forged_signature_by_the_trusted_key_name_gets_403(witness, log):
    note = log.grow(3).checkpoint()
    text, signature = note.rsplit(" ", 1)
    forged = (
        text + " " + ("A" if signature[10] != "A" else "B").join((signature[:10], signature[11:]))
    )
    reply = post(witness["url"], request_body(0, [], forged))
    assert reply.status in (400, 403), reply.body  # 400 only if the flip broke the base64


@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b"old 0\n", "an empty line"),
        (b"new 0\n\n", "old <size>"),
        (b"old 01\n\nx\n", "leading zeros"),
        (b"old 1\nnot base64!\n\nx\n", "base64"),
        (b"old 0\n\nnot a checkpoint\n", "signed note"),
        (b"old 3\n" + b"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n" * 64 + b"\nx\n", "63"),
        (b"\xff\xfe", "UTF-8"),
    ],
)
def test_malformed_requests_get_400_naming_the_problem(witness, body, why):
    reply = post(witness["url"], body)
    assert reply.status == 400 and why in reply.body, reply.body


def test_a_body_over_the_limit_gets_413_and_other_paths_404(witness, log):
    assert post(witness["url"], b"old 0\n\n" + b"x" * 70_000).status == 413
    assert post(witness["url"], log.grow(1).request(0), path="/elsewhere").status == 404


def test_the_witness_says_who_it_is(witness):
    with urllib.request.urlopen(witness["url"] + "/", timeout=10) as response:
        text = response.read().decode()
    assert f"nigraan witness {WITNESS}" in text and witness["vkey"] in text
