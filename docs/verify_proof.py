#!/usr/bin/env python3
"""Check a Nigraan proof of report with no Nigraan code (standard library and `cryptography`).

usage: python verify_proof.py PROOF.json [--verifier-key KEY] [--checkpoint FILE]
                               [--witness KEY ... [--quorum K]]
                               [--newer CHECKPOINT_FILE [--consistency PROOF.json]]

A proof is either
  * "inclusion": the report's leaf hash, an RFC 9162 inclusion proof, and the signed checkpoint
    (tree head) it leads to; or
  * "promise": the leaf hash and the log's Ed25519 signature over
    "nigraan-promise/v1\\n<origin>\\n<base64 leaf hash>\\n<timestamp ms>\\n" — a signed promise to
    include the report in the log (before the next tree head was signed).
Give --verifier-key a key obtained independently (the operator's published key); otherwise the
proof's own copy is used. Give --checkpoint a checkpoint you hold from elsewhere to also check that
the proof's tree head is the one you have.

Witnesses. Once a checkpoint cosigned by the log's witnesses covers the report, the proof carries
"witnessed": that checkpoint as a signed note with the witnesses' cosignature lines
(c2sp.org/tlog-cosignature), and the inclusion proof under it. Give --witness KEY once for each
witness's verifier key (NAME+KEYID+BASE64, type 0x04, obtained from the witness itself) and
--quorum K (default: all given): the log's signature, K valid cosignatures and the inclusion
proof must all verify. A cosignature line by a given key that does not verify fails the proof.

Still included. Give --newer FILE, a newer checkpoint (e.g. saved from
/api/v1/ledger/witnessed or /api/v1/ledger/checkpoint), and --consistency FILE, the JSON of
/api/v1/ledger/consistency?first=<the proof's tree size>&second=<the newer size>. The newer
checkpoint must be signed by the log (and cosigned by the quorum, with --witness), and the
RFC 9162 consistency proof must show the proof's tree is a prefix of the newer one: the report
is still in the log.

Exit 0 if everything given holds, 1 otherwise. See docs/proof-of-report.md.
"""

import base64
import hashlib
import json
import struct
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


# -- cosigned notes: the same functions as verify_cosignature.py (copied: standalone scripts) --

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


def check_note(note, log_key, witness_keys, quorum):
    """(size, root, {witness: time}) of a note signed by the log and cosigned by `quorum` of
    `witness_keys`, or Refused."""
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
    return size, root, found


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def consistent(size1, size2, proof, root1, root2):
    """RFC 9162 section 2.1.4.2: does `proof` show tree (size1, root1) is a prefix of
    (size2, root2)? (The same function as monitor.py.)"""
    if size1 == size2:
        return not proof and root1 == root2
    if size1 == 0 or size1 > size2 or not proof:
        return False
    if size1 & (size1 - 1) == 0:
        proof = [root1] + proof
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


# -- the proof of report ------------------------------------------------------------------


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


def option(argv, flag, default=None):
    return argv[argv.index(flag) + 1] if flag in argv else default


def witness_options(argv):
    """The --witness keys given, and the quorum (default: all of them)."""
    keys = [argv[i + 1] for i, item in enumerate(argv[:-1]) if item == "--witness"]
    quorum = int(option(argv, "--quorum", len(keys)))
    if keys and not 1 <= quorum <= len(keys):
        fail(f"--quorum must be between 1 and the {len(keys)} witnesses given")
    return keys, quorum


def check_witnessed(proof, vkey, leaf_hash, keys, quorum):
    """The proof's witnessed checkpoint: the log's signature, the quorum's cosignatures (when
    witness keys are given) and the inclusion proof under it. Returns (size, root) or None."""
    witnessed = proof.get("witnessed")
    if not witnessed:
        if keys:
            fail(
                "the proof carries no checkpoint cosigned by the witnesses yet (download it "
                "again later): " + proof.get("witnessed_note", "")
            )
        return None
    given = bool(keys)
    if not given:  # the proof's own copies: better than nothing, but get them from the witnesses
        keys = [w["verifier_key"] for w in witnessed["witnesses"]]
        quorum = min(witnessed["quorum"], len(keys))
    try:
        size, root, found = check_note(witnessed["cosigned_checkpoint"], vkey, keys, quorum)
    except Refused as exc:
        fail(f"the witnessed checkpoint: {exc}")
    if size != witnessed["tree_size"] or root != base64.b64decode(witnessed["root_hash"]):
        fail("the witnessed tree head differs from its cosigned checkpoint")
    path = [base64.b64decode(h) for h in witnessed["inclusion_proof"]]
    if root_from_path(witnessed["leaf_index"], size, leaf_hash, path) != root:
        fail("the inclusion proof does not lead to the witnessed root")
    print(
        f"OK: the checkpoint at size {size} holding the report is cosigned by "
        f"{len(found)} of {len(keys)} witnesses (quorum {quorum}): {', '.join(sorted(found))}"
    )
    if not given:
        print(
            "note: checked with the witness keys in the proof itself; give --witness KEY for "
            "each witness, obtained from the witness, to rely on them"
        )
    return size, root


def check_newer(argv, vkey, heads, keys, quorum, leaf):
    """--newer: a newer checkpoint, and the consistency proof from one of the proof's heads."""
    with open(option(argv, "--newer"), encoding="utf-8") as handle:
        note = handle.read()
    try:
        new_size, new_root, _ = check_note(note, vkey, keys, quorum)
    except Refused as exc:
        fail(f"the newer checkpoint: {exc}")
    proof, first = [], max(heads)
    if "--consistency" in argv:
        with open(option(argv, "--consistency"), encoding="utf-8") as handle:
            given = json.load(handle)
        first, proof = given["first"], [base64.b64decode(h) for h in given["consistency"]]
        if given["second"] != new_size:
            fail(f"the consistency proof ends at size {given['second']}, not {new_size}")
    if first not in heads:
        fail(f"the consistency proof starts at size {first}, which is not a head of the proof")
    if first > new_size:
        fail(
            f"the newer checkpoint has size {new_size}, smaller than the {first} of the "
            "proof: the log was rolled back"
        )
    if not consistent(first, new_size, proof, heads[first], new_root):
        fail(
            f"the log at size {new_size} is NOT consistent with the log at size {first} the "
            "proof was issued under: the report may have been removed or changed"
            + ("" if "--consistency" in argv else " (give --consistency PROOF.json)")
        )
    print(
        f"OK: the report (entry {leaf}) is still in the log at size {new_size}: the newer "
        f"checkpoint is consistent with the proof's at size {first}"
        + (f", and cosigned by the quorum of {quorum}" if keys else "")
    )


def check_inclusion(argv, proof, name, key_id, public_key, leaf_hash):
    """The proof's main signed checkpoint and inclusion proof; returns (size, root)."""
    size, root = checkpoint_fields(proof["checkpoint"], name, key_id, public_key)
    if size != proof["tree_size"] or root != base64.b64decode(proof["root_hash"]):
        fail("the proof's tree head differs from its signed checkpoint")
    path = [base64.b64decode(h) for h in proof["inclusion_proof"]]
    if root_from_path(proof["leaf_index"], size, leaf_hash, path) != root:
        fail("the inclusion proof does not lead to the signed root")
    if "--checkpoint" in argv:
        with open(option(argv, "--checkpoint"), encoding="utf-8") as handle:
            held = handle.read()
        held_size, held_root = checkpoint_fields(held, name, key_id, public_key)
        if (held_size, held_root) != (size, root):
            print(
                f"note: your checkpoint is for size {held_size}; check it with --newer and "
                "--consistency (a consistency proof "
                f"between {min(held_size, size)} and {max(held_size, size)})"
            )
    print(
        f"OK: leaf {proof['leaf_hash']} is entry {proof['leaf_index']} of the log {name} "
        f"at signed tree size {size}"
    )
    return size, root


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    with open(argv[0], encoding="utf-8") as handle:
        proof = json.load(handle)
    if proof.get("format") != "nigraan-proof-of-report/v1":
        fail("not a Nigraan proof of report")
    vkey = option(argv, "--verifier-key", proof["verifier_key"])
    name, key_id, public_key = parse_verifier_key(vkey)
    keys, quorum = witness_options(argv)
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
        if keys or "--newer" in argv:
            fail("a promise has no checkpoint yet: download the proof again after signing")
        return 0
    if proof["kind"] != "inclusion":
        fail("unknown kind of proof")
    heads = dict([check_inclusion(argv, proof, name, key_id, public_key, leaf_hash)])
    witnessed = check_witnessed(proof, vkey, leaf_hash, keys, quorum)
    if witnessed is not None:
        heads[witnessed[0]] = witnessed[1]
    if "--newer" in argv:
        check_newer(argv, vkey, heads, keys, quorum, proof["leaf_index"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
