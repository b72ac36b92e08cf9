#!/usr/bin/env python3
"""Verify a Nigraan ledger export with no Nigraan code: only the standard library and
`cryptography`.

usage: python verify_export.py EXPORT.jsonl [--verifier-key KEY]
       python verify_export.py PROOF.json [--verifier-key KEY]
           (a reporter's proof of report: checked by verify_proof.py beside it)

From the exact leaf bytes alone it checks every case's hash chain (events numbered from 1, each
naming the SHA-256 of the one before), the RFC 9162 Merkle root at every signed tree head, and each
head's Ed25519 signature (C2SP signed note). Give --verifier-key a key you got independently (the
operator's published key); without it the export's own key is used, which proves only that the
export is consistent with itself. Exit 0 when everything holds; 1 naming the first problem.
The format is specified in docs/ledger.md.
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


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_of(stack):
    """Root of a tree whose right edge (perfect subtrees, left to right) is `stack`."""
    if not stack:
        return hashlib.sha256(b"").digest()
    value = stack[-1]
    for left in reversed(stack[:-1]):
        value = node(left, value)
    return value


def parse_verifier_key(vkey):
    name, key_id_hex, encoded = vkey.split("+", 2)
    raw = base64.b64decode(encoded)
    if len(raw) != 33 or raw[:1] != b"\x01":
        fail("the verifier key is not an Ed25519 key")
    if hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4].hex() != key_id_hex:
        fail("the verifier key's id does not match its key")
    return name, bytes.fromhex(key_id_hex), Ed25519PublicKey.from_public_bytes(raw[1:])


def signed_checkpoint(note, name, key_id, public_key):
    """(tree size, root) from a signed note, or None if no valid signature by the key."""
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
            return None
        lines = body.split("\n")
        if lines[0] != name:
            return None
        return int(lines[1]), base64.b64decode(lines[2])
    return None


def records(path):
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def is_proof_of_report(path):
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except ValueError:
        return False  # JSON Lines (an export), not one JSON document
    return isinstance(document, dict) and document.get("format") == "nigraan-proof-of-report/v1"


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    path = argv[0]
    if is_proof_of_report(path):
        import runpy
        from pathlib import Path

        companion = runpy.run_path(str(Path(__file__).with_name("verify_proof.py")))
        return companion["main"](argv)
    stream = records(path)
    header = next(stream)
    if header.get("type") != "log":
        fail("the first line is not the log header")
    vkey = (
        argv[argv.index("--verifier-key") + 1]
        if "--verifier-key" in argv
        else header["verifier_key"]
    )
    name, key_id, public_key = parse_verifier_key(vkey)

    heads = [r for r in records(path) if r["type"] == "tree_head"]
    size, chains, roots = replay_leaves(stream, {head["tree_size"] for head in heads})
    check_heads(heads, roots, size, name, key_id, public_key)
    print(
        f"OK: {size} leaves in {len(chains)} case chains; {len(heads)} signed tree heads verified"
    )
    return 0


def replay_leaves(stream, wanted):
    """Check every leaf in order and every case's hash chain; return the number of leaves, the
    chains (case -> last seq and hash) and the Merkle root at each size in ``wanted``."""
    roots = {0: root_of([])}
    chains = {}
    stack = []
    size = 0
    for record in stream:
        if record["type"] != "leaf":
            continue
        if record["index"] != size:
            fail(f"leaf {size} is missing")
        leaf = base64.b64decode(record["leaf"])
        parts = leaf.decode("utf-8").split("\n")
        if len(parts) != 8 or parts[0] != "nigraan-event/v1":
            fail(f"leaf {size} is not a nigraan-event/v1 leaf")
        case, seq, prev = parts[1], int(parts[2]), parts[3]
        last_seq, last_hash = chains.get(case, (0, "0" * 64))
        if seq != last_seq + 1 or prev != last_hash:
            fail(f"leaf {size}: case {case} event #{seq} does not follow event #{last_seq}")
        chains[case] = (seq, hashlib.sha256(leaf).hexdigest())
        value, count = hashlib.sha256(b"\x00" + leaf).digest(), size
        while count & 1:
            value = node(stack.pop(), value)
            count >>= 1
        stack.append(value)
        size += 1
        if size in wanted:
            roots[size] = root_of(stack)
    return size, chains, roots


def check_heads(heads, roots, size, name, key_id, public_key):
    """Every tree head is signed by the key and matches the root of the leaves at its size."""
    for head in heads:
        signed = signed_checkpoint(head["checkpoint"], name, key_id, public_key)
        if signed is None:
            fail(f"tree head at size {head['tree_size']}: the signature does not verify")
        signed_size, signed_root = signed
        if signed_size != head["tree_size"] or signed_root != base64.b64decode(head["root_hash"]):
            fail(
                f"tree head at size {head['tree_size']}: its fields differ from the signed "
                "checkpoint"
            )
        if signed_size not in roots:
            fail(f"tree head at size {signed_size}: the export has only {size} leaves")
        if roots[signed_size] != signed_root:
            fail(f"tree head at size {signed_size}: the root does not match the leaves")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
