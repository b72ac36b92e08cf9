"""docs/verify_cosignature.py, written from the C2SP specs alone and run with python -I, accepts
what Nigraan's witnesses sign and refuses what a verifier must refuse: a cosignature that does
not verify, one over another time, one by a key of the wrong type, too few for the quorum, or a
checkpoint not signed by the log. Lines by unknown keys are ignored, as the spec requires."""

from __future__ import annotations

import base64
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.ledger.note import (
    COSIGNATURE_ED25519,
    LOG_ED25519,
    cosign,
    key_id,
    raw_public_key,
    split_note,
    verifier_key,
)
from witness_support import SyntheticLog, run_script

WHEN = 1_795_000_000


class Cosigner:
    def __init__(self, name: str) -> None:
        self.name = name
        self.key = Ed25519PrivateKey.generate()
        self.vkey = verifier_key(name, raw_public_key(self.key), COSIGNATURE_ED25519)

    def line(self, text: str, when: int = WHEN) -> str:
        return cosign(text, self.name, self.key, when)


@pytest.fixture
def scene(tmp_path):
    log = SyntheticLog("test.example/script-log").grow(11)
    note = log.checkpoint()
    text, _ = split_note(note)
    w1, w2, w3 = Cosigner("w.example/one"), Cosigner("w.example/two"), Cosigner("w.example/3")

    def check(lines: list[str], *, quorum: int = 2, witnesses=(w1, w2), log_key=log.vkey):
        path = tmp_path / "note.txt"
        path.write_text(note + "".join(lines))
        keys = [arg for w in witnesses for arg in ("--witness", w.vkey)]
        done = run_script(
            "verify_cosignature.py", str(path), "--log-key", log_key, "--quorum", str(quorum), *keys
        )
        return done.returncode, done.stdout + done.stderr

    return text, (w1, w2, w3), check


def _retimed(line: str) -> str:
    """The same signature with another time in front: the signed message no longer matches."""
    prefix, encoded = line.rstrip("\n").rsplit(" ", 1)
    raw = bytearray(base64.b64decode(encoded))
    raw[4:12] = struct.pack(">Q", WHEN + 1)
    return f"{prefix} {base64.b64encode(bytes(raw)).decode()}\n"


def test_cosignatures_from_nigraan_code_verify_from_the_spec(scene):
    text, (w1, w2, w3), check = scene
    code, said = check([w1.line(text), w3.line(text), w2.line(text)])  # w3: unknown, ignored
    assert code == 0, said
    assert "size 11" in said and "cosigned by 2 of 2 witnesses (quorum 2)" in said
    assert "2026-11-18" in said  # the cosignature time, read from its 8-byte prefix


def test_a_cosignature_that_does_not_verify_fails_the_note(scene):
    text, (w1, w2, _), check = scene
    code, said = check([w1.line(text), _retimed(w2.line(text))])
    assert code == 1 and "cosignature of w.example/two does not verify" in said


def test_too_few_cosignatures_for_the_quorum_fail(scene):
    text, (w1, w2, _), check = scene
    code, said = check([w1.line(text)])
    assert code == 1 and "fewer than 2" in said


def test_a_cosignature_over_another_checkpoint_fails(scene):
    text, (w1, w2, _), check = scene
    other = text.replace("\n11\n", "\n12\n")
    code, said = check([w1.line(text), w2.line(other)])
    assert code == 1 and "does not verify" in said


def test_a_line_with_a_type_0x01_key_id_is_not_a_cosignature(scene):
    """Cosignatures name their key with type 0x04; the same key under the log type's id is an
    unknown key to a cosignature verifier, so it does not count."""
    text, (w1, w2, _), check = scene
    line = w2.line(text)
    prefix, encoded = line.rstrip("\n").rsplit(" ", 1)
    raw = base64.b64decode(encoded)
    wrong_id = key_id(w2.name, raw_public_key(w2.key), LOG_ED25519)
    relabelled = f"{prefix} {base64.b64encode(wrong_id + raw[4:]).decode()}\n"
    code, said = check([w1.line(text), relabelled])
    assert code == 1 and "cosigned by 1" in said


def test_a_checkpoint_not_signed_by_the_given_log_key_fails(scene):
    text, (w1, w2, _), check = scene
    other_log = SyntheticLog("test.example/script-log")
    code, said = check([w1.line(text), w2.line(text)], log_key=other_log.vkey)
    assert code == 1 and "no signature by the log's key" in said
