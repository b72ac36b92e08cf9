"""``nigraan ledger monitor URL --state DIR``: follow a public Nigraan log from outside it.

Each check reads the log's newest signed checkpoint and its newest witnessed one (cosigned by
the quorum) from the public API, and holds them against the largest checkpoint seen before:

- every checkpoint must carry the log's signature (the key given on the first run);
- the witnessed one must carry cosignatures of at least K of the witnesses given;
- each must be consistent with the largest seen, by a consistency proof the log serves;
- a signed head must not stay unwitnessed longer than ``--max-unwitnessed`` seconds.

Anything else is an alarm: a **fork** (same size, another root; or a proof that fails), a
**rollback** (the log now shows less than it once did), an **unwitnessed head**, or a
**missing proof**. The state directory keeps the keys and what was seen (``monitor.json``); it
is only updated after a check passed, so a failing log keeps failing. No database: this runs
anywhere, for anybody. ``docs/monitor.py`` does the same with no Nigraan code.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from nigraan.ledger import merkle
from nigraan.ledger.checkpoint import Checkpoint, CheckpointError, parse_and_verify
from nigraan.ledger.note import (
    COSIGNATURE_ED25519,
    NoteError,
    cosignatures,
    parse_key,
    split_note,
)

STATE_FILE = "monitor.json"
FORMAT = "nigraan-monitor/v1"
DEFAULT_MAX_UNWITNESSED_SECONDS = 900


class MonitorAlarm(Exception):
    """What the log did wrong: a fork, a rollback, an unwitnessed head or a missing proof."""


class MonitorSetupError(ValueError):
    """The monitor cannot run (keys missing, log unreachable): not a finding about the log."""


@dataclass
class Trust:
    log_key: str
    witnesses: list[str]
    quorum: int
    max_unwitnessed_seconds: int = DEFAULT_MAX_UNWITNESSED_SECONDS


@dataclass
class Seen:
    tree_size: int
    root_hash: str  # base64
    checkpoint: str


class LogClient:
    def __init__(self, base_url: str, timeout: float = 20) -> None:
        self.base = base_url.rstrip("/") + "/"
        self.timeout = timeout

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=self.timeout) as response:  # noqa: S310
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode("utf-8", "replace")
        except (OSError, urllib.error.URLError) as exc:
            raise MonitorSetupError(f"cannot reach the log at {self.base}{path}: {exc}") from exc


def _checkpoint(note: str, trust: Trust, what: str) -> Checkpoint:
    try:
        return parse_and_verify(note, trust.log_key)
    except CheckpointError as exc:
        raise MonitorAlarm(f"the log's {what} checkpoint is not signed by its key: {exc}") from exc


def _quorum(note: str, checkpoint: Checkpoint, trust: Trust) -> int:
    keys = [parse_key(vkey, COSIGNATURE_ED25519) for vkey in trust.witnesses]
    try:
        text, lines = split_note(note)
        found = cosignatures(text, lines, keys)
    except NoteError as exc:
        raise MonitorAlarm(f"UNWITNESSED: a cosignature does not verify: {exc}") from exc
    if len(found) < trust.quorum:
        raise MonitorAlarm(
            f"UNWITNESSED HEAD: the checkpoint of size {checkpoint.tree_size} served as witnessed "
            f"is cosigned by {len(found)} of the witnesses given, fewer than {trust.quorum}"
        )
    return len(found)


def _consistent(
    client: LogClient, old_size: int, old_root: bytes, new_size: int, new_root: bytes
) -> None:
    """The tree (new_size, new_root) extends (old_size, old_root): the same root at the same
    size, or a consistency proof the log serves."""
    if new_size == old_size:
        if new_root != old_root:
            raise MonitorAlarm(f"FORK: the log shows size {new_size} with another root than before")
        return
    if new_size < old_size:
        raise MonitorAlarm(
            f"ROLLBACK: the log's checkpoint has size {new_size}, smaller than size {old_size} "
            "it showed before"
        )
    status, body = client.get(f"consistency?first={old_size}&second={new_size}")
    if status != 200:
        raise MonitorAlarm(
            f"MISSING PROOF: the log gives no consistency proof from size {old_size} to "
            f"{new_size} (HTTP {status}: {body.strip()[:200]})"
        )
    try:
        proof = [base64.b64decode(h, validate=True) for h in json.loads(body)["consistency"]]
        merkle.verify_consistency(old_size, new_size, proof, old_root, new_root)
    except (ValueError, KeyError, TypeError, merkle.ProofError) as exc:
        raise MonitorAlarm(
            f"FORK: size {new_size} is not an extension of size {old_size} seen before ({exc})"
        ) from exc


def _unwitnessed_for(client: LogClient, witnessed_size: int, now: float) -> float:
    """Seconds since the oldest head signed after the witnessed one (0 when there is none)."""
    status, body = client.get(f"sths?start={witnessed_size + 1}")
    if status != 200:
        raise MonitorAlarm(f"MISSING PROOF: the log does not list its heads (HTTP {status})")
    heads = json.loads(body).get("tree_heads", [])
    return max(0.0, now - heads[0]["timestamp"] / 1000) if heads else 0.0


@dataclass
class Finding:
    signed: Checkpoint
    signed_note: str
    witnessed: Checkpoint
    cosigners: int


def check(client: LogClient, trust: Trust, largest: Seen | None, now: float) -> Finding:
    """One check; raises MonitorAlarm naming what is wrong."""
    status, signed_note = client.get("checkpoint")
    if status != 200:
        raise MonitorAlarm(f"the log serves no signed checkpoint (HTTP {status})")
    signed = _checkpoint(signed_note, trust, "newest")
    if largest is not None:
        old_root = base64.b64decode(largest.root_hash)
        _consistent(client, largest.tree_size, old_root, signed.tree_size, signed.root_hash)
    status, witnessed_note = client.get("witnessed")
    if status != 200:
        raise MonitorAlarm(f"UNWITNESSED: the log serves no witnessed checkpoint (HTTP {status})")
    witnessed = _checkpoint(witnessed_note, trust, "witnessed")
    cosigners = _quorum(witnessed_note, witnessed, trust)
    if witnessed.tree_size > signed.tree_size:
        raise MonitorAlarm(
            f"ROLLBACK: the witnesses cosigned size {witnessed.tree_size}, but the log's newest "
            f"signed checkpoint has size {signed.tree_size}"
        )
    if witnessed.tree_size < signed.tree_size:
        _consistent(
            client, witnessed.tree_size, witnessed.root_hash, signed.tree_size, signed.root_hash
        )
        waited = _unwitnessed_for(client, witnessed.tree_size, now)
        if waited > trust.max_unwitnessed_seconds:
            raise MonitorAlarm(
                f"UNWITNESSED HEAD: the log has signed heads beyond size {witnessed.tree_size} "
                f"for {waited:.1f} s that the witnesses have not cosigned (more than "
                f"{trust.max_unwitnessed_seconds} s)"
            )
    elif witnessed.root_hash != signed.root_hash:
        raise MonitorAlarm(f"FORK: two different signed roots for size {signed.tree_size}")
    return Finding(signed, signed_note, witnessed, cosigners)


class MonitorState:
    """``monitor.json`` in the state directory, replaced atomically."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / STATE_FILE

    def load(self) -> tuple[Trust | None, Seen | None]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None, None
        if document.get("format") != FORMAT:
            raise MonitorSetupError(f"{self.path} is not a Nigraan monitor's state")
        largest = document.get("largest")
        return Trust(**document["trust"]), (Seen(**largest) if largest else None)

    def save(self, url: str, trust: Trust, largest: Seen, now: float) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        document = {
            "format": FORMAT,
            "url": url,
            "trust": asdict(trust),
            "largest": asdict(largest),
            "checked_at": int(now),
        }
        fd, temporary = tempfile.mkstemp(prefix=".monitor.", dir=self.directory)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)


def run_check(url: str, state: MonitorState, given: Trust | None) -> str:
    """One check against the state; saves the new largest checkpoint and returns a summary."""
    stored, largest = state.load()
    if (
        stored is not None
        and given is not None
        and (given.log_key != stored.log_key or sorted(given.witnesses) != sorted(stored.witnesses))
    ):
        raise MonitorSetupError(
            f"the keys given differ from those in {state.path}; use a new --state to change them"
        )
    trust = stored or given
    if trust is None:
        raise MonitorSetupError(
            "first run: give --log-key and --witness keys (from the operator and the witnesses, "
            "not from the log itself) and --quorum"
        )
    now = time.time()
    finding = check(LogClient(url), trust, largest, now)
    signed = finding.signed
    newest = Seen(
        signed.tree_size, base64.b64encode(signed.root_hash).decode(), finding.signed_note
    )
    state.save(url, trust, newest, now)
    before = f", consistent with size {largest.tree_size} seen before" if largest else ""
    return (
        f"OK: size {signed.tree_size}; witnessed size {finding.witnessed.tree_size} cosigned by "
        f"{finding.cosigners} of {len(trust.witnesses)} (quorum {trust.quorum}){before}"
    )
