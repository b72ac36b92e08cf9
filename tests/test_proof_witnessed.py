"""Issue 9 item 4, proofs that keep working: the proof of report carries the checkpoint the
witnesses cosigned, docs/verify_proof.py (no Nigraan code) checks the cosignatures and that the
report is still in a newer checkpoint, and the follow-up page checks, at each login, that the
report is still in the log — or says loudly that it is not.

Cosignatures here are real Ed25519 cosignatures (c2sp.org/tlog-cosignature) made with witness
keys generated for the test and stored as the sequencer stores a witness's answer; the witness
processes themselves are tested in test_witness_processes.py."""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.db import connection, transaction
from django.test import Client

from nigraan.intake.models import Receipt
from nigraan.ledger.append import append_event
from nigraan.ledger.keys import verifier_key as log_verifier_key
from nigraan.ledger.models import TreeHead, WitnessCosignature
from nigraan.ledger.note import COSIGNATURE_ED25519, cosign, key_id, raw_public_key, verifier_key
from nigraan.ledger.proofs import consistency_proof_between
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.ledger.witness_list import WitnessSpec
from nigraan.ledger.witnessing import cosigned_note
from witness_support import Insider, run_script

pytestmark = pytest.mark.django_db

REPORT = {
    "category": "other",
    "account": "Synthetic.",
    "police": "no",
    "reporter": "neighbour",
    "consent_understood": True,
}
WITNESS_NAMES = ("commission.example/witness", "university.example/witness")


@pytest.fixture
def witness_keys(settings) -> dict[str, Ed25519PrivateKey]:
    """Two witnesses with real keys, configured with a quorum of two."""
    keys = {name: Ed25519PrivateKey.generate() for name in WITNESS_NAMES}
    settings.NIGRAAN_WITNESSES = [
        WitnessSpec(name, "http://127.0.0.1:9/", _vkey(name, key)) for name, key in keys.items()
    ]
    settings.NIGRAAN_WITNESS_QUORUM = 2
    return keys


def _vkey(name: str, key: Ed25519PrivateKey) -> str:
    return verifier_key(name, raw_public_key(key), COSIGNATURE_ED25519)


def _witness(head: TreeHead, keys: dict[str, Ed25519PrivateKey]) -> None:
    """Store each witness's cosignature of ``head``, as the sequencer does with their answers."""
    text = head.checkpoint.split("\n\n")[0] + "\n"
    when = head.timestamp_ms // 1000
    for name, key in keys.items():
        WitnessCosignature.objects.create(
            tree_head=head,
            witness=name,
            key_id=key_id(name, raw_public_key(key), COSIGNATURE_ED25519).hex(),
            timestamp=when,
            line=cosign(text, name, key, when),
            received_at=dt.datetime.now(dt.UTC),
        )


def _sign_and_witness(keys: dict[str, Ed25519PrivateKey]) -> TreeHead:
    head = sequence_and_sign()
    assert head is not None
    _witness(head, keys)
    return head


def _other_events(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        with transaction.atomic():
            append_event(
                case_ref=f"NGR-OTHER{n:04d}", kind="case.note_added", actor="t", data={"n": n}
            )


def _report_and_log_in() -> tuple[Client, str]:
    """A reporter files a report through the API and logs in to follow it up (the receipt code
    kept on the client, for the follow-up API)."""
    reporter = Client()
    answer = reporter.post(
        "/api/v1/reports", data=json.dumps(REPORT), content_type="application/json"
    ).json()
    _log_in(reporter, answer["receipt"])
    reporter.receipt = answer["receipt"]  # type: ignore[attr-defined]
    return reporter, answer["case"]


def _log_in(reporter: Client, receipt: str) -> None:
    opened = reporter.post("/en/follow-up/", {"code": receipt})
    assert opened.status_code == 302 and opened["Location"] == "/en/follow-up/case/"


def _download(reporter: Client, tmp_path) -> tuple[dict, str]:
    answer = reporter.get("/en/follow-up/proof.json")
    assert answer.status_code == 200
    path = tmp_path / "proof.json"
    path.write_bytes(answer.content)
    return json.loads(answer.content), str(path)


def _api_log_check(reporter: Client) -> dict:
    answer = Client().post(
        "/api/v1/follow-up",
        data=json.dumps({"receipt": reporter.receipt}),  # type: ignore[attr-defined]
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    # Using the code through the API is a login too, and ends the page's session (issue 11:
    # one session per receipt): the reporter logs in again on the page.
    _log_in(reporter, reporter.receipt)  # type: ignore[attr-defined]
    return answer.json()["log_check"]


def _witness_args(keys: dict[str, Ed25519PrivateKey]) -> list[str]:
    return [arg for name, key in keys.items() for arg in ("--witness", _vkey(name, key))]


def _log_check(reporter: Client) -> str:
    """What the follow-up page says about the log, the element whole."""
    page = reporter.get("/en/follow-up/case/").content.decode()
    found = re.search(r'<(p|section)[^>]*id="log-check".*?</\1>', page, re.DOTALL)
    assert found, page
    return found.group(0)


def test_the_proof_carries_the_witnessed_checkpoint_and_verify_proof_checks_it(
    geography, witness_keys, tmp_path
):
    _other_events(3)
    reporter, _ = _report_and_log_in()
    _sign_and_witness(witness_keys)
    proof, path = _download(reporter, tmp_path)
    witnessed = proof["witnessed"]
    assert proof["kind"] == "inclusion" and witnessed["tree_size"] == proof["tree_size"] == 4
    assert witnessed["cosigned_checkpoint"].count("\u2014 ") == 3  # the log and two witnesses
    assert [w["name"] for w in witnessed["witnesses"]] == list(WITNESS_NAMES)
    checked = run_script(
        "verify_proof.py", path, "--verifier-key", log_verifier_key(), *_witness_args(witness_keys)
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "cosigned by 2 of 2 witnesses (quorum 2)" in checked.stdout
    assert "is entry 3 of the log" in checked.stdout


def test_verify_proof_refuses_a_tampered_cosignature(geography, witness_keys, tmp_path):
    reporter, _ = _report_and_log_in()
    _sign_and_witness(witness_keys)
    proof, _ = _download(reporter, tmp_path)
    note = proof["witnessed"]["cosigned_checkpoint"]
    last = note.rstrip("\n").rsplit(" ", 1)[1]
    raw = bytearray(base64.b64decode(last))
    raw[-1] ^= 1  # one bit of the second witness's signature
    proof["witnessed"]["cosigned_checkpoint"] = note.replace(
        last, base64.b64encode(bytes(raw)).decode()
    )
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(proof))
    for extra in (_witness_args(witness_keys), []):  # keys given, or the proof's own
        checked = run_script("verify_proof.py", str(tampered), *extra)
        assert checked.returncode == 1, checked.stdout
        assert "the cosignature of university.example/witness does not verify" in checked.stdout


def test_before_any_witnessed_head_covers_it_the_proof_says_so(geography, witness_keys, tmp_path):
    _other_events(2)
    _sign_and_witness(witness_keys)  # witnessed at 2, before the report
    reporter, _ = _report_and_log_in()
    proof, path = _download(reporter, tmp_path)
    assert proof["kind"] == "promise" and proof["witnessed"] is None
    assert "No checkpoint cosigned by the quorum" in proof["witnessed_note"]
    sequence_and_sign()  # signed at 3, not yet cosigned
    proof, path = _download(reporter, tmp_path)
    assert proof["kind"] == "inclusion" and proof["tree_size"] == 3
    assert proof["witnessed"] is None and proof["witnessed_note"]
    assert run_script("verify_proof.py", path).returncode == 0  # the signed head still holds
    demanded = run_script("verify_proof.py", path, *_witness_args(witness_keys))
    assert demanded.returncode == 1 and "no checkpoint cosigned" in demanded.stdout
    page = reporter.get("/en/follow-up/proof/").content.decode()
    assert 'id="not-witnessed"' in page
    assert 'data-state="pending"' in reporter.get("/en/follow-up/case/").content.decode()


def test_verify_proof_shows_the_report_still_included_in_a_newer_checkpoint(
    geography, witness_keys, tmp_path
):
    reporter, _ = _report_and_log_in()
    _other_events(2)
    first = _sign_and_witness(witness_keys)
    proof, path = _download(reporter, tmp_path)
    _other_events(5, start=10)
    newer = _sign_and_witness(witness_keys)
    (tmp_path / "newer.txt").write_text(cosigned_note(newer))
    served = Client().get(
        f"/api/v1/ledger/consistency?first={first.tree_size}&second={newer.tree_size}"
    )
    (tmp_path / "consistency.json").write_bytes(served.content)
    args = [path, *_witness_args(witness_keys), "--newer", str(tmp_path / "newer.txt")]
    checked = run_script(
        "verify_proof.py", *args, "--consistency", str(tmp_path / "consistency.json")
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "is still in the log at size 8" in checked.stdout
    forged = {"first": 3, "second": 8, "consistency": [base64.b64encode(b"\1" * 32).decode()] * 3}
    (tmp_path / "forged.json").write_text(json.dumps(forged))
    refused = run_script("verify_proof.py", *args, "--consistency", str(tmp_path / "forged.json"))
    assert refused.returncode == 1 and "NOT consistent" in refused.stdout
    assert consistency_proof_between(first.tree_size, newer.tree_size)  # what was served


def test_after_more_events_and_a_new_witnessed_head_the_follow_up_page_says_still_in_the_log(
    geography, witness_keys, tmp_path
):
    reporter, case_ref = _report_and_log_in()
    _other_events(2)
    _sign_and_witness(witness_keys)
    _download(reporter, tmp_path)
    stored = Receipt.objects.get(case__ref=case_ref)
    assert (stored.proof_tree_size, stored.proof_leaf_index) == (3, 0)
    _other_events(6, start=20)
    _sign_and_witness(witness_keys)
    said = _log_check(reporter)
    assert 'data-state="included"' in said and "still in the public log" in said
    assert "at 9 entries" in said
    assert _api_log_check(reporter) == {
        "state": "included",
        "proof_tree_size": 3,
        "witnessed_tree_size": 9,
    }
    urdu = reporter.get("/ur/follow-up/case/").content.decode()
    assert 'data-state="included"' in urdu and "still in the public log" not in urdu


def test_caught_by_the_reporters_proof_check_deleted_case_re_signed(
    geography, witness_keys, tmp_path, caplog
):
    """An insider deletes the case's events, leaves and heads with raw SQL (triggers dropped
    and put back) and re-signs the log with the real key. Caught by: the reporter's proof
    check, at the next follow-up login."""
    caplog.set_level(logging.INFO)
    _other_events(2)
    reporter, case_ref = _report_and_log_in()
    _other_events(2, start=30)
    _sign_and_witness(witness_keys)
    _download(reporter, tmp_path)
    assert 'data-state="included"' in _log_check(reporter)
    Insider(connection).delete_case_and_unsign_everything(case_ref)
    _other_events(3, start=40)
    forged = sequence_and_sign()
    assert forged is not None and forged.tree_size == 7  # grown past the reporter's size 5
    said = _log_check(reporter)
    assert 'data-state="missing"' in said and 'role="alert"' in said
    assert "your report is NOT in the public log any more" in said
    assert "Keep your proof of report" in said and "1121" in said
    assert _api_log_check(reporter)["state"] == "missing"
    urdu = reporter.get("/ur/follow-up/case/").content.decode()
    assert 'data-state="missing"' in urdu and "NOT in the public log" not in urdu
    alarms = [r.getMessage() for r in caplog.records if r.name == "nigraan.security"]
    assert any("reporter's proof check failed" in line for line in alarms), alarms
    assert not any(case_ref in line for line in alarms)
    gone = reporter.get("/en/follow-up/proof.json")
    assert gone.status_code == 409 and b"NOT in the public log" in gone.content


def test_caught_by_the_reporters_proof_check_log_shrunk(geography, witness_keys, tmp_path):
    """The same attack when the case was the newest: the log is re-signed smaller than the
    head the reporter's proof was issued under."""
    _other_events(2)
    reporter, case_ref = _report_and_log_in()
    _sign_and_witness(witness_keys)
    _download(reporter, tmp_path)
    Insider(connection).delete_case_and_unsign_everything(case_ref)
    assert sequence_and_sign().tree_size == 2
    said = _log_check(reporter)
    assert 'data-state="missing"' in said and "NOT in the public log" in said


def test_a_stored_cosignature_that_does_not_verify_is_said_loudly(
    geography, witness_keys, tmp_path
):
    """The witnessed head is checked again at each login, not trusted from the table: a
    cosignature line changed in the database makes the page say the check could not be done."""
    reporter, _ = _report_and_log_in()
    head = _sign_and_witness(witness_keys)
    _download(reporter, tmp_path)
    stored = WitnessCosignature.objects.get(tree_head=head, witness=WITNESS_NAMES[0])
    prefix, encoded = stored.line.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[-1] ^= 1
    Insider(connection)._untriggered(
        [
            (
                "UPDATE ledger_witnesscosignature SET line = %s WHERE id = %s",
                [f"{prefix} {base64.b64encode(bytes(raw)).decode()}\n", stored.pk],
            )
        ]
    )
    said = _log_check(reporter)
    assert 'data-state="unchecked"' in said and 'role="alert"' in said
    assert "could not check" in said and "1121" in said
