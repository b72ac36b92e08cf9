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

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from nigraan.ledger.keys import key_id, parse_verifier_key

SIGNATURE_PREFIX = "\u2014 "  # em dash and a space


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
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = private_key.sign(body.encode())
    line = base64.b64encode(key_id(name, public) + signature).decode()
    return f"{body}\n{SIGNATURE_PREFIX}{name} {line}\n", signature


def parse_body(body: str) -> Checkpoint:
    lines = body.split("\n")
    if len(lines) < 4 or lines[-1] != "":
        raise CheckpointError(
            "a checkpoint body has at least three lines, each ending in a newline"
        )
    origin, size_text, root_text = lines[0], lines[1], lines[2]
    if not size_text.isdigit() or (size_text != "0" and size_text.startswith("0")):
        raise CheckpointError("tree size is not a decimal number")
    try:
        root = base64.b64decode(root_text, validate=True)
    except binascii.Error as exc:
        raise CheckpointError("root hash is not base64") from exc
    if len(root) != 32:
        raise CheckpointError("root hash is not 32 bytes")
    timestamp = 0
    for extension in lines[3:-1]:
        if extension.startswith("timestamp "):
            timestamp = int(extension.split(" ", 1)[1])
    return Checkpoint(origin, int(size_text), root, timestamp, body)


def parse_and_verify(note: str, vkey: str) -> Checkpoint:
    """Check a signed note against a verifier key and return its checkpoint. Signature lines from
    other keys (witness cosignatures) are ignored, as the signed-note spec requires."""
    name, expected_id, public_key = parse_verifier_key(vkey)
    if "\n\n" not in note:
        raise CheckpointError("a signed note has a blank line before its signatures")
    body, _, signatures = note.rpartition("\n\n")
    body += "\n"
    for line in signatures.split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            continue
        try:
            signer, encoded = line[len(SIGNATURE_PREFIX) :].split(" ", 1)
            raw = base64.b64decode(encoded, validate=True)
        except (ValueError, binascii.Error):
            continue
        if signer != name or raw[:4] != expected_id:
            continue
        try:
            public_key.verify(raw[4:], body.encode())
        except InvalidSignature as exc:
            raise CheckpointError("the checkpoint signature does not verify") from exc
        checkpoint = parse_body(body)
        if checkpoint.origin != name:
            raise CheckpointError("the checkpoint origin is not the key's name")
        return checkpoint
    raise CheckpointError("no signature by the log's key")
