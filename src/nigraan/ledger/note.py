"""C2SP signed notes (c2sp.org/signed-note) and timestamped Ed25519 cosignatures
(c2sp.org/tlog-cosignature), with no Django: the witness, the monitor and the sequencer share it.

A note is text ending in a newline, a blank line, then signature lines
``— <key name> base64(4-byte key id ‖ signature)``. Key id = SHA-256(name ‖ 0x0A ‖ type ‖ public
key)[:4], with type 0x01 for a log's Ed25519 signature over the text, and 0x04 for a witness's
cosignature, whose signature is an 8-byte big-endian POSIX time ‖ Ed25519 over
``cosignature/v1\\ntime <seconds>\\n`` followed by the note text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

SIGNATURE_PREFIX = "\u2014 "  # em dash and a space
LOG_ED25519 = 0x01  # signed-note type: a log's Ed25519 signature over the note text
COSIGNATURE_ED25519 = 0x04  # tlog-cosignature type: a timestamped Ed25519 cosignature
COSIGNATURE_HEADER = "cosignature/v1\n"
# The spec asks verifiers to accept at least 16 signatures; a log with many witnesses has more.
MAX_SIGNATURES = 64
MAX_TIMESTAMP = 2**63 - 1


class NoteError(ValueError):
    """A note, a key or a signature that is malformed or does not verify."""


@dataclass(frozen=True)
class NoteKey:
    """A verifier key: who signs (name), which key (id) and the public key, of one type."""

    name: str
    key_id: bytes
    public_key: Ed25519PublicKey
    kind: int

    @property
    def public_bytes(self) -> bytes:
        return self.public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def vkey(self) -> str:
        return verifier_key(self.name, self.public_bytes, self.kind)


@dataclass(frozen=True)
class SignatureLine:
    name: str
    key_id: bytes
    signature: bytes  # what follows the key id
    text: str  # the whole line, newline included

    def by(self, key: NoteKey) -> bool:
        return self.name == key.name and self.key_id == key.key_id


def raw_public_key(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_id(name: str, public_key: bytes, kind: int = LOG_ED25519) -> bytes:
    """SHA-256(name ‖ "\\n" ‖ type ‖ public key)[:4]."""
    return hashlib.sha256(name.encode() + b"\n" + bytes([kind]) + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes, kind: int = LOG_ED25519) -> str:
    """``<name>+<key id as 8 hex digits>+<base64(type ‖ public key)>``."""
    encoded = base64.b64encode(bytes([kind]) + public_key).decode()
    return f"{name}+{key_id(name, public_key, kind).hex()}+{encoded}"


def _check_name(name: str) -> None:
    if not name or any(c.isspace() or c == "+" for c in name) or "\u2014" in name:
        raise NoteError(f"a key name must be non-empty, without spaces or '+': {name!r}")


def parse_key(vkey: str, kind: int = LOG_ED25519) -> NoteKey:
    """Parse a verifier key of the given type, checking that its id matches its key."""
    try:
        name, id_hex, encoded = vkey.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
        id_bytes = bytes.fromhex(id_hex)
    except (ValueError, binascii.Error) as exc:
        raise NoteError("malformed verifier key (expected NAME+KEYID+BASE64)") from exc
    _check_name(name)
    if len(raw) != 33 or raw[0] != kind or len(id_bytes) != 4:
        what = "an Ed25519 log key (type 0x01)" if kind == LOG_ED25519 else "an Ed25519 cosigner"
        raise NoteError(f"not {what} key (type 0x{kind:02x})")
    if key_id(name, raw[1:], kind) != id_bytes:
        raise NoteError("the verifier key's id does not match its key")
    return NoteKey(name, id_bytes, Ed25519PublicKey.from_public_bytes(raw[1:]), kind)


def parse_verifier_key(vkey: str) -> tuple[str, bytes, Ed25519PublicKey]:
    """A log's verifier key as (name, key id, public key)."""
    key = parse_key(vkey, LOG_ED25519)
    return key.name, key.key_id, key.public_key


def parse_signature_line(line: str) -> SignatureLine:
    if not line.startswith(SIGNATURE_PREFIX):
        raise NoteError("a signature line starts with an em dash and a space")
    try:
        name, encoded = line[len(SIGNATURE_PREFIX) :].split(" ", 1)
        raw = base64.b64decode(encoded, validate=True)
    except (ValueError, binascii.Error) as exc:
        raise NoteError("a signature line is not '— NAME BASE64'") from exc
    _check_name(name)
    if len(raw) < 5:
        raise NoteError("a signature is too short")
    return SignatureLine(name, raw[:4], raw[4:], line + "\n")


def split_note(note: str) -> tuple[str, list[SignatureLine]]:
    """(text with its final newline, signature lines). The text ends at the note's last blank
    line; a note with control characters, no final newline or no signature is refused."""
    if any(ord(c) < 0x20 and c != "\n" for c in note):
        raise NoteError("a note may not contain control characters other than newline")
    if not note.endswith("\n") or "\n\n" not in note:
        raise NoteError("a signed note is text, a blank line and signature lines, each ending \\n")
    text, _, signatures = note[:-1].rpartition("\n\n")
    lines = [parse_signature_line(line) for line in signatures.split("\n")]
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"more than {MAX_SIGNATURES} signatures")
    return text + "\n", lines


def join_note(text: str, lines: list[SignatureLine] | list[str]) -> str:
    rendered = [line.text if isinstance(line, SignatureLine) else line for line in lines]
    return text + "\n" + "".join(rendered)


def signed_by(text: str, lines: list[SignatureLine], key: NoteKey) -> bool:
    """Does one of ``lines`` carry a valid log signature (type 0x01) of ``text`` by ``key``?
    Lines by other keys are ignored, as the spec requires."""
    for line in lines:
        if line.by(key):
            try:
                key.public_key.verify(line.signature, text.encode())
            except InvalidSignature:
                continue
            return True
    return False


def sign_note_text(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """A log's signature line (type 0x01) over ``text``."""
    signature = private_key.sign(text.encode())
    encoded = base64.b64encode(key_id(name, raw_public_key(private_key)) + signature).decode()
    return f"{SIGNATURE_PREFIX}{name} {encoded}\n"


def cosigned_message(text: str, timestamp: int) -> bytes:
    return f"{COSIGNATURE_HEADER}time {timestamp}\n{text}".encode()


def cosign(text: str, name: str, private_key: Ed25519PrivateKey, timestamp: int) -> str:
    """A witness's cosignature line (type 0x04) over a checkpoint's note text."""
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise NoteError("a cosignature time is a POSIX time in seconds")
    signature = private_key.sign(cosigned_message(text, timestamp))
    public = raw_public_key(private_key)
    raw = key_id(name, public, COSIGNATURE_ED25519) + struct.pack(">Q", timestamp) + signature
    return f"{SIGNATURE_PREFIX}{name} {base64.b64encode(raw).decode()}\n"


def cosignature_time(text: str, line: SignatureLine, key: NoteKey) -> int:
    """Verify one cosignature line by ``key`` over ``text`` and return its time (seconds)."""
    if not line.by(key) or key.kind != COSIGNATURE_ED25519:
        raise NoteError(f"the line is not a cosignature by {key.name}")
    if len(line.signature) != 8 + 64:
        raise NoteError(f"the cosignature of {key.name} is not 72 bytes")
    (timestamp,) = struct.unpack(">Q", line.signature[:8])
    if timestamp > MAX_TIMESTAMP:
        raise NoteError(f"the cosignature of {key.name} has an impossible time")
    try:
        key.public_key.verify(line.signature[8:], cosigned_message(text, timestamp))
    except InvalidSignature as exc:
        raise NoteError(f"the cosignature of {key.name} does not verify") from exc
    return timestamp


def cosignatures(text: str, lines: list[SignatureLine], keys: list[NoteKey]) -> dict[str, int]:
    """{witness name: cosignature time} for every line by one of ``keys`` that verifies. A line by
    a known key that does not verify is refused (NoteError), as the spec advises."""
    found: dict[str, int] = {}
    for line in lines:
        for key in keys:
            if line.by(key):
                found[key.name] = cosignature_time(text, line, key)
    return found
