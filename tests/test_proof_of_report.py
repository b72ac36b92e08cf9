"""A reporter's proof of report verifies with docs/verify_proof.py (no Nigraan code): first as the
log's signed promise, then, after signing, as an inclusion proof under a signed tree head."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nigraan.intake.proof import proof_of_report
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.sequencer import sequence_and_sign

# The foundation's independent verifier; it hands proofs of report to docs/verify_proof.py.
SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "verify_export.py"
pytestmark = pytest.mark.django_db

REPORT = {
    "category": "other",
    "account": "Synthetic.",
    "police": "no",
    "reporter": "neighbour",
    "consent_understood": True,
}


def _report(client) -> dict:
    return client.post(
        "/api/v1/reports", data=json.dumps(REPORT), content_type="application/json"
    ).json()


def _check(tmp_path: Path, proof: dict, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof))
    return subprocess.run(
        [sys.executable, "-I", str(SCRIPT), str(path), "--verifier-key", verifier_key(), *extra],
        capture_output=True,
        text=True,
    )


def test_before_signing_the_proof_is_a_signed_promise_that_verifies(client, geography, tmp_path):
    answer = _report(client)
    proof = proof_of_report(answer["case"])
    assert proof["kind"] == "promise" and proof["leaf_hash"] == answer["leaf_hash"]
    result = _check(tmp_path, proof)
    assert result.returncode == 0, result.stdout
    proof["leaf_hash"] = base64.b64encode(b"\x00" * 32).decode()
    assert _check(tmp_path, proof).returncode == 1


def test_after_signing_the_proof_is_an_inclusion_proof_that_verifies(client, geography, tmp_path):
    answers = [_report(client) for _ in range(5)]
    sequence_and_sign()
    _report(client)
    sequence_and_sign()
    for answer in answers:
        proof = proof_of_report(answer["case"])
        assert proof["kind"] == "inclusion" and proof["tree_size"] == 6
        result = _check(tmp_path, proof)
        assert result.returncode == 0, result.stdout
        assert "is entry" in result.stdout


def test_a_tampered_inclusion_proof_fails(client, geography, tmp_path):
    answers = [_report(client) for _ in range(3)]
    sequence_and_sign()
    proof = proof_of_report(answers[1]["case"])
    proof["leaf_index"] = 0
    result = _check(tmp_path, proof)
    assert result.returncode == 1 and "FAIL" in result.stdout
