"""Signed tree heads as C2SP tlog-checkpoint signed notes (c2sp.org/tlog-checkpoint,
c2sp.org/signed-note), the format transparency-log witnesses and verifiers read::

    nigraan.local/ledger
    1234
    <base64 root hash>
    timestamp 1767225600000

    — nigraan.local/ledger <base64(key id ‖ Ed25519 signature of the four lines above)>

The fourth line is a checkpoint extension line (allowed by the spec) carrying the signing time in
milliseconds since the Unix epoch.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.ledger.note import (
    SIGNATURE_PREFIX,
    NoteError,
    key_id,
    parse_key,
    raw_public_key,
    signed_by,
    split_note,
)


class CheckpointError(ValueError):
    pass


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    tree_size: int
    root_hash: bytes
    timestamp_ms: int
    body: str


def format_body(origin: str, tree_size: int, root_hash: bytes, timestamp_ms: int) -> str:
    if not origin or "\n" in origin:
        raise CheckpointError("the origin must be one non-empty line")
    return (
        f"{origin}\n{tree_size}\n{base64.b64encode(root_hash).decode()}\ntimestamp {timestamp_ms}\n"
    )


def sign_body(body: str, name: str, private_key: Ed25519PrivateKey) -> tuple[str, bytes]:
    """Return the signed note and the raw signature."""
    signature = private_key.sign(body.encode())
    line = base64.b64encode(key_id(name, raw_public_key(private_key)) + signature).decode()
    return f"{body}\n{SIGNATURE_PREFIX}{name} {line}\n", signature


def _decimal(text: str, what: str) -> int:
    if not text.isascii() or not text.isdigit() or (text != "0" and text.startswith("0")):
        raise CheckpointError(f"{what} is not a decimal number without leading zeros")
    if len(text) > 19:
        raise CheckpointError(f"{what} is too large")
    return int(text)


def parse_body(body: str) -> Checkpoint:
    """Origin, size and root of a checkpoint's note text (c2sp.org/tlog-checkpoint); the
    ``timestamp <ms>`` extension line Nigraan adds is read when present, others are kept as
    they are (they are part of what is signed)."""
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "" or any(line == "" for line in lines[:-1]):
        raise CheckpointError(
            "a checkpoint body has at least three non-empty lines, each ending in a newline"
        )
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    size = _decimal(size_text, "tree size")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise CheckpointError("root hash is not base64") from exc
    if len(root) != 32:
        raise CheckpointError("root hash is not 32 bytes")
    timestamp = 0
    for extension in lines[3:-1]:
        if extension.startswith("timestamp "):
            timestamp = _decimal(extension.split(" ", 1)[1], "the timestamp line")
    return Checkpoint(origin, size, root, timestamp, body)


def parse_and_verify(note: str, vkey: str) -> Checkpoint:
    """Check a signed note against a verifier key and return its checkpoint. Signature lines from
    other keys (witness cosignatures) are ignored, as the signed-note spec requires."""
    try:
        key = parse_key(vkey)
        body, lines = split_note(note)
    except NoteError as exc:
        raise CheckpointError(str(exc)) from exc
    mine = [line for line in lines if line.by(key)]
    if not mine:
        raise CheckpointError("no signature by the log's key")
    if not signed_by(body, mine, key):
        raise CheckpointError("the checkpoint signature does not verify")
    checkpoint = parse_body(body)
    if checkpoint.origin != key.name:
        raise CheckpointError("the checkpoint origin is not the key's name")
    return checkpoint
