"""The witnesses a Nigraan log pushes its checkpoints to, read from ``NIGRAAN_WITNESSES_FILE``
by settings.py at start-up (so nothing here may need Django)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from nigraan.ledger.note import COSIGNATURE_ED25519, NoteError, parse_key


@dataclass(frozen=True)
class WitnessSpec:
    """A witness the sequencer pushes checkpoints to (c2sp.org/tlog-witness)."""

    name: str  # its key name, from the verifier key
    url: str  # the submission prefix: POST {url}/add-checkpoint
    verifier_key: str  # NAME+KEYID+base64(0x04 ‖ Ed25519 public key)


class WitnessListError(ValueError):
    pass


def read_witnesses(path: str) -> tuple[list[WitnessSpec], int]:
    """The witnesses and the quorum K from ``NIGRAAN_WITNESSES_FILE`` (TOML)::

        quorum = 2                      # K: cosignatures that make a checkpoint witnessed
        [[witness]]
        url = "https://witness.commission.example"
        key = "commission.example/witness+1a2b3c4d+BL...="

    No file: no witnesses (checkpoints are signed but never witnessed). Without ``quorum``, a
    majority of the witnesses listed. A bad file stops start-up with a message saying what."""
    if not path:
        return [], 0
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise WitnessListError(f"NIGRAAN_WITNESSES_FILE {path}: {exc}") from exc
    witnesses: list[WitnessSpec] = []
    for entry in document.get("witness", []):
        url, vkey = str(entry.get("url", "")).rstrip("/"), str(entry.get("key", ""))
        if not url.startswith(("http://", "https://")):
            raise WitnessListError(f'{path}: each [[witness]] needs url = "https://..."')
        try:
            key = parse_key(vkey, COSIGNATURE_ED25519)
        except NoteError as exc:
            raise WitnessListError(f"{path}: witness {url}: key: {exc}") from exc
        if any(known.name == key.name for known in witnesses):
            raise WitnessListError(f"{path}: two witnesses are named {key.name}")
        witnesses.append(WitnessSpec(key.name, url, key.vkey))
    quorum = document.get("quorum", len(witnesses) // 2 + 1 if witnesses else 0)
    if not isinstance(quorum, int) or (witnesses and not 1 <= quorum <= len(witnesses)):
        raise WitnessListError(f"{path}: quorum must be between 1 and {len(witnesses)}")
    return witnesses, quorum
