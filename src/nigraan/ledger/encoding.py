"""The exact bytes of a ledger leaf. ``docs/ledger.md`` specifies the same format for outsiders.

A leaf is UTF-8 text of eight lines joined by ``\\n`` (no trailing newline)::

    nigraan-event/v1
    <case reference>
    <sequence number within the case, decimal, from 1>
    <previous event hash of the same case, 64 lowercase hex; 64 zeros for the first>
    <event kind>
    <actor>
    <time: YYYY-MM-DDTHH:MM:SS.ffffffZ, UTC>
    <data: canonical JSON (sorted keys, no spaces, non-ASCII kept as UTF-8)>

event hash = SHA-256(leaf) — the per-case hash chain.
leaf hash  = SHA-256(0x00 ‖ leaf) — RFC 9162 Merkle leaf.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

MAGIC = "nigraan-event/v1"
GENESIS_HASH = "0" * 64
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:@+-")
_HEX = frozenset("0123456789abcdef")
_ENCODER = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
)


class LeafFormatError(ValueError):
    pass


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no whitespace; floats are refused (their text is not stable)."""
    _refuse_floats(data)
    return _ENCODER.encode(data)


_PLAIN = (str, int, bool, type(None))


def _refuse_floats(value: Any) -> None:
    if type(value) in _PLAIN:
        return
    if isinstance(value, float):
        raise LeafFormatError(
            "event data may not hold floating-point numbers; use strings or integers"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise LeafFormatError("event data keys must be strings")
            _refuse_floats(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _refuse_floats(item)
    elif not (value is None or isinstance(value, (str, int, bool))):
        raise LeafFormatError(f"event data may not hold {type(value).__name__} values")


def format_time(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise LeafFormatError("event time must be timezone-aware")
    # isoformat is several times faster than strftime; the text is the same.
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_time(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


@dataclass(frozen=True)
class LeafFields:
    case_ref: str
    seq: int
    prev_hash: str
    kind: str
    actor: str
    at: str
    data_json: str

    @property
    def data(self) -> Any:
        return json.loads(self.data_json)

    @property
    def occurred_at(self) -> dt.datetime:
        return parse_time(self.at)


def encode_leaf(
    *, case_ref: str, seq: int, prev_hash: str, kind: str, actor: str, at: dt.datetime, data: Any
) -> str:
    for name, value in (("case reference", case_ref), ("kind", kind), ("actor", actor)):
        if not 0 < len(value) <= 150 or not _TOKEN_CHARS.issuperset(value):
            raise LeafFormatError(f"{name} {value!r} must be 1-150 letters, digits or _.:@+-")
    if seq < 1:
        raise LeafFormatError("sequence numbers start at 1")
    if len(prev_hash) != 64 or not _HEX.issuperset(prev_hash):
        raise LeafFormatError("previous hash must be 64 lowercase hex digits")
    return "\n".join(
        [MAGIC, case_ref, str(seq), prev_hash, kind, actor, format_time(at), canonical_json(data)]
    )


def decode_leaf(leaf: str) -> LeafFields:
    parts = leaf.split("\n")
    if len(parts) != 8 or parts[0] != MAGIC:
        raise LeafFormatError("not a nigraan-event/v1 leaf")
    _, case_ref, seq, prev_hash, kind, actor, at, data_json = parts
    return LeafFields(case_ref, int(seq), prev_hash, kind, actor, at, data_json)


def event_hash(leaf: str) -> str:
    return hashlib.sha256(leaf.encode("utf-8")).hexdigest()


def leaf_hash(leaf: str) -> bytes:
    return hashlib.sha256(b"\x00" + leaf.encode("utf-8")).digest()
