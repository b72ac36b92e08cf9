#!/usr/bin/env python3
"""Check a cosigned checkpoint from the C2SP specifications alone, with no Nigraan code
(standard library and `cryptography`).

usage: python verify_cosignature.py CHECKPOINT_FILE --log-key KEY --witness KEY [--witness KEY]
                                    [--quorum K]

CHECKPOINT_FILE is a signed note (c2sp.org/signed-note) whose text is a checkpoint
(c2sp.org/tlog-checkpoint), e.g. what GET /api/v1/ledger/witnessed serves. Keys are verifier
keys NAME+KEYID+BASE64 obtained from the operator and from each witness, not from the log:

  * the log's signature: type 0x01, Ed25519 over the note text;
  * each witness's cosignature (c2sp.org/tlog-cosignature): type 0x04, key id
    SHA-256(name || 0x0A || 0x04 || public key)[:4], signature = 8-byte big-endian POSIX time ||
    Ed25519 over "cosignature/v1\\ntime <time>\\n" followed by the note text.

Lines by keys not given are ignored; a line by a given key that does not verify fails the note.
Exit 0 when the log signed it and at least K witnesses (default: all given) cosigned it.
"""

import base64
import datetime
import hashlib
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

LOG_TYPE = 0x01
COSIGNATURE_TYPE = 0x04


class Refused(Exception):
    pass


def parse_key(vkey, kind):
    """(name, key id, public key) from NAME+KEYID+BASE64(type || key)."""
    try:
        name, key_id_hex, encoded = vkey.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
        key_id = bytes.fromhex(key_id_hex)
    except ValueError as exc:
        raise Refused(f"malformed verifier key {vkey!r}") from exc
    if len(raw) != 33 or raw[0] != kind:
        raise Refused(f"{name}: not an Ed25519 key of type 0x{kind:02x}")
    if hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4] != key_id:
        raise Refused(f"{name}: the key id does not match the key")
    return name, key_id, Ed25519PublicKey.from_public_bytes(raw[1:])


def split_note(note):
    """(text including its final newline, [(name, key id, signature bytes)])."""
    if not note.endswith("\n") or "\n\n" not in note:
        raise Refused("not a signed note")
    text, _, block = note[:-1].rpartition("\n\n")
    lines = []
    for line in block.split("\n"):
        if not line.startswith("\u2014 "):
            raise Refused("a signature line does not start with an em dash")
        name, _, encoded = line[2:].partition(" ")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise Refused("a signature is not base64") from exc
        lines.append((name, raw[:4], raw[4:]))
    return text + "\n", lines


def parse_checkpoint(text):
    """(origin, size, root) from the first three lines of a checkpoint's text."""
    lines = text.split("\n")
    if len(lines) < 4 or not lines[1].isdigit():
        raise Refused("the note is not a checkpoint")
    try:
        root = base64.b64decode(lines[2], validate=True)
    except ValueError as exc:
        raise Refused("the root hash is not base64") from exc
    if len(root) != 32:
        raise Refused("the root hash is not 32 bytes")
    return lines[0], int(lines[1]), root


def log_signed(text, lines, key):
    name, key_id, public = key
    for signer, signer_id, signature in lines:
        if (signer, signer_id) != (name, key_id):
            continue
        try:
            public.verify(signature, text.encode())
        except InvalidSignature as exc:
            raise Refused(f"the log's signature ({name}) does not verify") from exc
        return True
    return False


def cosigned(text, lines, keys):
    """{witness name: POSIX time} for every line by one of `keys`; a bad one is refused."""
    found = {}
    for signer, signer_id, signature in lines:
        for name, key_id, public in keys:
            if (signer, signer_id) != (name, key_id):
                continue
            if len(signature) != 72:
                raise Refused(f"the cosignature of {name} is not 8 + 64 bytes")
            (when,) = struct.unpack(">Q", signature[:8])
            message = f"cosignature/v1\ntime {when}\n{text}".encode()
            try:
                public.verify(signature[8:], message)
            except InvalidSignature as exc:
                raise Refused(f"the cosignature of {name} does not verify") from exc
            found[name] = when
    return found


def check(note, log_key, witness_keys, quorum):
    """(origin, size, root, {witness: time}) or Refused."""
    text, lines = split_note(note)
    key = parse_key(log_key, LOG_TYPE)
    if not log_signed(text, lines, key):
        raise Refused(f"no signature by the log's key {key[0]}")
    origin, size, root = parse_checkpoint(text)
    if origin != key[0]:
        raise Refused("the checkpoint's origin is not the log key's name")
    found = cosigned(text, lines, [parse_key(k, COSIGNATURE_TYPE) for k in witness_keys])
    if len(found) < quorum:
        raise Refused(f"cosigned by {len(found)} of the witnesses given, fewer than {quorum}")
    return origin, size, root, found


def _options(argv):
    path, log_key, witnesses, quorum = None, None, [], None
    items = iter(argv)
    for item in items:
        if item == "--log-key":
            log_key = next(items)
        elif item == "--witness":
            witnesses.append(next(items))
        elif item == "--quorum":
            quorum = int(next(items))
        else:
            path = item
    return path, log_key, witnesses, len(witnesses) if quorum is None else quorum


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    path, log_key, witnesses, quorum = _options(argv)
    if not path or not log_key:
        print("FAIL: give the checkpoint file and --log-key")
        return 1
    with open(path, encoding="utf-8") as handle:
        note = handle.read()
    try:
        origin, size, root, found = check(note, log_key, witnesses, quorum)
    except Refused as exc:
        print(f"FAIL: {exc}")
        return 1
    when = ", ".join(
        f"{name} at {datetime.datetime.fromtimestamp(t, datetime.UTC):%Y-%m-%d %H:%M:%S}Z"
        for name, t in sorted(found.items())
    )
    print(
        f"OK: {origin} size {size} root {base64.b64encode(root).decode()} signed by the log, "
        f"cosigned by {len(found)} of {len(witnesses)} witnesses (quorum {quorum}): {when}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
