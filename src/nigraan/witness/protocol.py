"""The tlog-witness ``add-checkpoint`` call (c2sp.org/tlog-witness), apart from HTTP.

Request body: ``old <size>\\n``, up to 63 base64 consistency-proof lines, an empty line, then
the signed checkpoint. Answers, in the order the checks are made:

    400  malformed body; or old size above the checkpoint's size
    404  the checkpoint's origin is not a log this witness trusts
    403  no signature by a trusted key of that log verifies
    409  old size is not the size this witness last cosigned (body: that size and a newline,
         Content-Type text/x.tlog.size); or same size as last cosigned with another root
    422  the consistency proof does not join the last cosigned checkpoint to this one
    200  the witness's cosignature line(s), after persisting the new checkpoint
"""

from __future__ import annotations

import base64
import binascii
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from nigraan.ledger.checkpoint import Checkpoint, CheckpointError, parse_body
from nigraan.ledger.merkle import ProofError, verify_consistency
from nigraan.ledger.note import NoteError, cosign, signed_by, split_note
from nigraan.witness.config import DataDir, WitnessConfig, WitnessConfigError
from nigraan.witness.store import Transaction, WitnessStore

MAX_PROOF_LINES = 63
SIZE_CONTENT_TYPE = "text/x.tlog.size"
TEXT = "text/plain; charset=utf-8"

log = logging.getLogger("nigraan.witness")


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str = TEXT


def _refuse(status: int, message: str) -> Answer:
    return Answer(status, (message + "\n").encode())


def _conflict(latest_size: int) -> Answer:
    return Answer(409, f"{latest_size}\n".encode(), SIZE_CONTENT_TYPE)


class BadRequest(ValueError):
    pass


@dataclass(frozen=True)
class AddCheckpoint:
    old_size: int
    proof: list[bytes]
    proof_text: str  # the proof lines as sent, kept with refused checkpoints
    note: str


def _old_size(line: str) -> int:
    word, _, number = line.partition(" ")
    if word != "old" or not number.isascii() or not number.isdigit() or len(number) > 19:
        raise BadRequest("the first line must be 'old <size>'")
    if number != "0" and number.startswith("0"):
        raise BadRequest("the old size has leading zeros")
    return int(number)


def parse_request(body: bytes) -> AddCheckpoint:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest("the body is not UTF-8") from exc
    head, separator, note = text.partition("\n\n")
    if not separator:
        raise BadRequest("the body needs an empty line between the proof and the checkpoint")
    lines = head.split("\n")
    old_size = _old_size(lines[0])
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise BadRequest(f"more than {MAX_PROOF_LINES} consistency proof lines")
    proof = []
    for line in lines[1:]:
        try:
            value = base64.b64decode(line, validate=True)
        except binascii.Error as exc:
            raise BadRequest("a consistency proof line is not base64") from exc
        if len(value) != 32:
            raise BadRequest("a consistency proof line is not a 32-byte hash")
        proof.append(value)
    return AddCheckpoint(old_size, proof, "".join(f"{line}\n" for line in lines[1:]), note)


class Witness:
    """The witness's decisions; thread-safe (one store transaction per request)."""

    def __init__(self, data: DataDir, *, clock: Callable[[], float] = time.time) -> None:
        self.data = data
        self.key = data.private_key()
        self.store = WitnessStore(data.state_file)
        self.clock = clock
        self._lock = threading.Lock()
        self._stamp = data.config_stamp()
        config = data.read_config()
        if config is None:
            raise WitnessConfigError(f"no {data.config_file}: run `nigraan witness add-log`")
        self._config = config

    @property
    def name(self) -> str:
        return self._config.name

    def config(self) -> WitnessConfig:
        """The configuration, reread when ``witness.toml`` changed (a log added)."""
        with self._lock:
            stamp = self.data.config_stamp()
            if stamp != self._stamp:
                try:
                    fresh = self.data.read_config()
                except WitnessConfigError:
                    log.exception("witness.toml changed but cannot be read; keeping the old list")
                    fresh = None
                if fresh is not None and fresh.name == self._config.name:
                    self._config = fresh
                self._stamp = stamp
            return self._config

    def add_checkpoint(self, body: bytes) -> Answer:
        try:
            request = parse_request(body)
            text, lines = split_note(request.note)
            checkpoint = parse_body(text)
        except (BadRequest, NoteError, CheckpointError) as exc:
            return _refuse(400, str(exc))
        keys = self.config().trusted_keys(checkpoint.origin)
        if keys is None:
            return _refuse(404, "this witness does not know that log (origin)")
        if not any(signed_by(text, lines, key) for key in keys):
            return _refuse(403, "no signature by a key this witness trusts for that log")
        if request.old_size > checkpoint.tree_size:
            return _refuse(400, "the old size is larger than the checkpoint's size")
        answer = self._check_and_record(request, checkpoint)
        log.info(
            "add-checkpoint %s old=%d size=%d: %d",
            checkpoint.origin,
            request.old_size,
            checkpoint.tree_size,
            answer.status,
        )
        if answer.status != 200:
            return answer
        return Answer(200, cosign(text, self.name, self.key, int(self.clock())).encode())

    def _check_and_record(self, request: AddCheckpoint, checkpoint: Checkpoint) -> Answer:
        now = int(self.clock())
        with self.store.transaction() as tx:
            refusal = self._refusal(tx, request, checkpoint)
            if refusal is None:
                tx.record(
                    checkpoint.origin, checkpoint.tree_size, checkpoint.root_hash, request.note, now
                )
                return Answer(200, b"")
            # Signed by the log and refused: keep it, it may be the log's signature on a fork.
            tx.keep_evidence(
                checkpoint.origin,
                refusal.status,
                refusal.body.decode().strip(),
                request.old_size,
                request.proof_text,
                request.note,
                now,
            )
            return refusal

    @staticmethod
    def _refusal(tx: Transaction, request: AddCheckpoint, checkpoint: Checkpoint) -> Answer | None:
        latest = tx.latest(checkpoint.origin)
        latest_size = 0 if latest is None else latest.tree_size
        if request.old_size != latest_size:
            return _conflict(latest_size)
        if latest is not None and checkpoint.tree_size == latest.tree_size:
            if checkpoint.root_hash != latest.root_hash:
                return _conflict(latest_size)  # the same size with another root: a fork
            return None if not request.proof else _refuse(422, "equal sizes need an empty proof")
        if request.old_size == 0 or latest is None:  # (latest is None only when old size is 0)
            if request.proof:
                return _refuse(422, "the proof must be empty when the old size is 0")
            return None
        try:
            verify_consistency(
                request.old_size,
                checkpoint.tree_size,
                request.proof,
                latest.root_hash,
                checkpoint.root_hash,
            )
        except ProofError as exc:
            return _refuse(422, f"the consistency proof does not verify: {exc}")
        return None
