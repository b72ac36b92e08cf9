#!/usr/bin/env python3
"""Follow a public Nigraan log from outside, with no Nigraan code (standard library and
`cryptography`; verify_cosignature.py beside it checks the signatures).

usage: python monitor.py URL --state DIR [--log-key KEY --witness KEY ... [--quorum K]]
                         [--max-unwitnessed SECONDS] [--follow SECONDS]

URL is the log's public API (e.g. https://nigraan.example/api/v1/ledger/). The first run needs
the log's key and the witnesses' keys (from the operator and the witnesses, not from the log);
they are kept in DIR/monitor.json with the largest checkpoint seen. Every check:

  1. GET checkpoint: the newest signed checkpoint must carry the log's signature and extend the
     largest one seen before (same root at the same size; a larger size with a consistency
     proof from GET consistency?first=&second=, RFC 9162 section 2.1.4.2);
  2. GET witnessed: the newest witnessed checkpoint must carry the log's signature and at least
     K valid cosignatures, and the newest signed one must extend it;
  3. heads signed after the witnessed one (GET sths?start=) may wait at most --max-unwitnessed
     seconds (default 900) for their cosignatures.

Exit 0 and save the new state when all holds. Otherwise exit 1 saying why: FORK, ROLLBACK,
UNWITNESSED (HEAD) or MISSING PROOF; the state is left as it was, so the next run fails too.
Exit 2 when the log cannot be reached or the keys are missing.
"""

import base64
import hashlib
import json
import os
import runpy
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

SIGNATURES = runpy.run_path(str(Path(__file__).with_name("verify_cosignature.py")))
Refused = SIGNATURES["Refused"]


class Alarm(Exception):
    pass


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def consistent(size1, size2, proof, root1, root2):
    """RFC 9162 section 2.1.4.2: does `proof` show tree (size1, root1) is a prefix of
    (size2, root2)?"""
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


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=20) as response:  # noqa: S310 (http(s) only: main)
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def extends(base, old, new):
    """Alarm unless checkpoint `new` (size, root) extends `old` (size, root)."""
    (size1, root1), (size2, root2) = old, new
    if size2 < size1:
        raise Alarm(f"ROLLBACK: the log shows size {size2}, smaller than size {size1} seen before")
    if size2 == size1:
        if root1 != root2:
            raise Alarm(f"FORK: the log shows size {size2} with another root than before")
        return
    status, body = get(base, f"consistency?first={size1}&second={size2}")
    if status != 200:
        raise Alarm(
            f"MISSING PROOF: no consistency proof from size {size1} to {size2} (HTTP {status})"
        )
    proof = [base64.b64decode(h) for h in json.loads(body)["consistency"]]
    if not consistent(size1, size2, proof, root1, root2):
        raise Alarm(f"FORK: size {size2} is not an extension of size {size1} seen before")


def signed(note, trust, quorum):
    try:
        _, size, root, found = SIGNATURES["check"](
            note, trust["log_key"], trust["witnesses"], quorum
        )
    except Refused as exc:
        prefix = "UNWITNESSED: " if quorum else ""
        raise Alarm(f"{prefix}{exc}") from exc
    return size, root, len(found)


def check(base, trust, largest, now):
    """One check; returns (newest signed (size, root), witnessed size, cosigners) or Alarm."""
    status, note = get(base, "checkpoint")
    if status != 200:
        raise Alarm(f"the log serves no signed checkpoint (HTTP {status})")
    size, root, _ = signed(note, trust, 0)
    if largest:
        extends(base, (largest["tree_size"], base64.b64decode(largest["root_hash"])), (size, root))
    status, witnessed_note = get(base, "witnessed")
    if status != 200:
        raise Alarm(f"UNWITNESSED: the log serves no witnessed checkpoint (HTTP {status})")
    w_size, w_root, cosigners = signed(witnessed_note, trust, trust["quorum"])
    if w_size > size:
        raise Alarm(f"ROLLBACK: witnesses cosigned size {w_size}; the log now shows {size}")
    extends(base, (w_size, w_root), (size, root))
    if w_size < size:
        status, body = get(base, f"sths?start={w_size + 1}")
        heads = json.loads(body).get("tree_heads", []) if status == 200 else []
        waited = now - heads[0]["timestamp"] / 1000 if heads else 0
        if waited > trust["max_unwitnessed_seconds"]:
            raise Alarm(
                f"UNWITNESSED HEAD: heads beyond size {w_size} have waited {waited:.1f} s for "
                f"cosignatures (more than {trust['max_unwitnessed_seconds']} s)"
            )
    return (size, root), w_size, cosigners


def options(argv):
    found = {"witness": [], "max-unwitnessed": "900"}
    items = iter(argv)
    for item in items:
        if item.startswith("--"):
            value = next(items)
            if item == "--witness":
                found["witness"].append(value)
            else:
                found[item[2:]] = value
        else:
            found["url"] = item
    return found


def save(path, state):
    fd, temporary = tempfile.mkstemp(prefix=".monitor.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=1)
    os.replace(temporary, path)


def run(base, path, trust):
    state = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    trust = state.get("trust") or trust
    if not trust:
        print("first run: give --log-key, --witness keys and --quorum")
        return 2
    now = time.time()
    try:
        (size, root), w_size, cosigners = check(base, trust, state.get("largest"), now)
    except Alarm as exc:
        print(f"ALARM: {exc}")
        return 1
    except (OSError, ValueError, KeyError) as exc:
        print(f"cannot check the log: {exc}")
        return 2
    largest = {"tree_size": size, "root_hash": base64.b64encode(root).decode(), "checkpoint": ""}
    save(path, {"format": "nigraan-monitor/v1", "trust": trust, "largest": largest})
    print(
        f"OK: size {size}; witnessed size {w_size} cosigned by {cosigners} (quorum "
        f"{trust['quorum']})"
    )
    return 0


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    given = options(argv)
    if "url" not in given or "state" not in given:
        print("usage: python monitor.py URL --state DIR [...]")
        return 2
    base = given["url"].rstrip("/") + "/"
    if not base.startswith(("http://", "https://")):
        print("the log's URL must start with http:// or https://")
        return 2
    directory = Path(given["state"])
    directory.mkdir(parents=True, exist_ok=True)
    trust = None
    if "log-key" in given:
        witnesses = given["witness"]
        trust = {
            "log_key": given["log-key"],
            "witnesses": witnesses,
            "quorum": int(given.get("quorum", len(witnesses) // 2 + 1)),
            "max_unwitnessed_seconds": int(given["max-unwitnessed"]),
        }
    while True:
        code = run(base, directory / "monitor.json", trust)
        if code or "follow" not in given:
            return code
        time.sleep(float(given["follow"]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
