#!/usr/bin/env python3
"""Check a Nigraan proof of report with no Nigraan code (standard library and `cryptography`).

usage: python verify_proof.py PROOF.json [--verifier-key KEY] [--checkpoint FILE]

A proof is either
  * "inclusion": the report's leaf hash, an RFC 9162 inclusion proof, and the signed checkpoint
    (tree head) it leads to; or
  * "promise": the leaf hash and the log's Ed25519 signature over
    "nigraan-promise/v1\\n<origin>\\n<base64 leaf hash>\\n<timestamp ms>\\n" — a signed promise to
    include the report in the log (before the next tree head was signed).
Give --verifier-key a key obtained independently (the operator's published key); otherwise the
proof's own copy is used. Give --checkpoint a checkpoint you hold from elsewhere to also check that
the proof's tree head is the one you have. Exit 0 if the proof holds, 1 otherwise.
See docs/proof-of-report.md.
"""

import base64
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def parse_verifier_key(vkey):
    name, key_id_hex, encoded = vkey.split("+", 2)
    raw = base64.b64decode(encoded)
    if len(raw) != 33 or raw[:1] != b"\x01":
        fail("the verifier key is not an Ed25519 key")
    if hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex() != key_id_hex:
        fail("the verifier key's id does not match its key")
    return name, bytes.fromhex(key_id_hex), Ed25519PublicKey.from_public_bytes(raw[1:])


def checkpoint_fields(note, name, key_id, public_key):
    body, _, signatures = note.rpartition("\n\n")
    body += "\n"
    for line in signatures.splitlines():
        if not line.startswith("\u2014 " + name + " "):
            continue
        raw = base64.b64decode(line.rsplit(" ", 1)[1])
        if raw[:4] != key_id:
            continue
        try:
            public_key.verify(raw[4:], body.encode())
        except InvalidSignature:
            fail("the checkpoint's signature does not verify")
        lines = body.split("\n")
        return int(lines[1]), base64.b64decode(lines[2])
    fail("the checkpoint has no signature by the log's key")


def root_from_path(index, size, leaf_hash, path):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        fail("leaf index outside the tree")
    fn, sn, r = index, size - 1, leaf_hash
    for p in path:
        if len(p) != 32 or sn == 0:
            fail("malformed inclusion proof")
        if fn & 1 or fn == sn:
            r = hashlib.sha256(b"\x01" + p + r).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hashlib.sha256(b"\x01" + r + p).digest()
        fn >>= 1
        sn >>= 1
    if sn != 0:
        fail("inclusion proof too short")
    return r


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    with open(argv[0], encoding="utf-8") as handle:
        proof = json.load(handle)
    if proof.get("format") != "nigraan-proof-of-report/v1":
        fail("not a Nigraan proof of report")
    vkey = (
        argv[argv.index("--verifier-key") + 1]
        if "--verifier-key" in argv
        else proof["verifier_key"]
    )
    name, key_id, public_key = parse_verifier_key(vkey)
    leaf_hash = base64.b64decode(proof["leaf_hash"])
    if len(leaf_hash) != 32:
        fail("the leaf hash is not 32 bytes")
    if proof["kind"] == "promise":
        text = f"nigraan-promise/v1\n{name}\n{proof['leaf_hash']}\n{proof['promised_at_ms']}\n"
        try:
            public_key.verify(base64.b64decode(proof["promise_signature"]), text.encode())
        except InvalidSignature:
            fail("the promise's signature does not verify")
        print(f"OK: the log {name} signed a promise to include leaf {proof['leaf_hash']}")
        return 0
    if proof["kind"] != "inclusion":
        fail("unknown kind of proof")
    size, root = checkpoint_fields(proof["checkpoint"], name, key_id, public_key)
    if size != proof["tree_size"] or root != base64.b64decode(proof["root_hash"]):
        fail("the proof's tree head differs from its signed checkpoint")
    path = [base64.b64decode(h) for h in proof["inclusion_proof"]]
    if root_from_path(proof["leaf_index"], size, leaf_hash, path) != root:
        fail("the inclusion proof does not lead to the signed root")
    if "--checkpoint" in argv:
        with open(argv[argv.index("--checkpoint") + 1], encoding="utf-8") as handle:
            held = handle.read()
        held_size, held_root = checkpoint_fields(held, name, key_id, public_key)
        if (held_size, held_root) != (size, root):
            print(
                f"note: your checkpoint is for size {held_size}; ask the log for a consistency "
                "proof "
                f"between {min(held_size, size)} and {max(held_size, size)}"
            )
    print(
        f"OK: leaf {proof['leaf_hash']} is entry {proof['leaf_index']} of the log {name} "
        f"at signed tree size {size}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
