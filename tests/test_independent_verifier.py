"""An export of the ledger verifies with docs/verify_export.py — a script that uses no Nigraan
code — and that script catches a tampered export."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from nigraan.ledger.append import append_event
from nigraan.ledger.keys import verifier_key
from nigraan.ledger.sequencer import sequence_and_sign

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "verify_export.py"
pytestmark = pytest.mark.django_db


@pytest.fixture
def export(tmp_path, fixed_clock):
    for n in range(40):
        fixed_clock.advance(minutes=3)
        with transaction.atomic():
            append_event(
                case_ref=f"NGR-IND{n % 4:05d}",
                kind="case.note_added",
                actor="cw.kasur",
                data={"n": n, "t": "اردو"},
            )
        if n in (9, 25):
            sequence_and_sign()
    sequence_and_sign()
    path = tmp_path / "ledger.jsonl"
    call_command("ledger", "export", str(path))
    return path


def _verify(path: Path, *extra: str) -> subprocess.CompletedProcess:
    # -I: isolated mode, so the script cannot import Nigraan from the working tree by accident.
    return subprocess.run(
        [sys.executable, "-I", str(SCRIPT), str(path), *extra], capture_output=True, text=True
    )


def test_the_script_imports_nothing_from_nigraan():
    source = SCRIPT.read_text()
    assert "nigraan" not in "".join(
        line for line in source.splitlines() if line.startswith(("import", "from"))
    )


def test_an_honest_export_verifies_independently(export):
    result = _verify(export, "--verifier-key", verifier_key())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK: 40 leaves in 4 case chains; 3 signed tree heads verified" in result.stdout


def _rewrite(path: Path, change) -> None:
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    change(lines)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))


def test_an_altered_leaf_in_the_export_is_caught(export):
    def alter(lines):
        leaf = base64.b64decode(lines[5]["leaf"]).decode().replace('"n":4', '"n":5')
        lines[5]["leaf"] = base64.b64encode(leaf.encode()).decode()

    _rewrite(export, alter)
    result = _verify(export)
    assert result.returncode == 1 and "FAIL" in result.stdout


def test_a_removed_leaf_in_the_export_is_caught(export):
    _rewrite(export, lambda lines: lines.pop(3))
    result = _verify(export)
    assert result.returncode == 1 and "leaf 2 is missing" in result.stdout


def test_a_different_verifier_key_is_refused(export):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    from nigraan.ledger.keys import key_id, key_name

    other = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    encoded = base64.b64encode(b"\x01" + other).decode()
    vkey = f"{key_name()}+{key_id(key_name(), other).hex()}+{encoded}"
    result = _verify(export, "--verifier-key", vkey)
    assert result.returncode == 1 and "signature does not verify" in result.stdout
