"""``nigraan ledger export FILE``: the whole log as JSON Lines, verifiable with no Nigraan code.

Line 1: {"type": "log", "origin": ..., "verifier_key": ..., "public_key": base64,
"leaf_format": ...}
Then one line per leaf, in index order: {"type": "leaf", "index": i, "leaf": base64 of the
exact bytes}
Then one line per signed tree head: {"type": "tree_head", "tree_size", "root_hash" (base64),
"timestamp_ms", "checkpoint"}.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction

from nigraan.ledger.encoding import MAGIC
from nigraan.ledger.keys import key_name, public_key_bytes, verifier_key
from nigraan.ledger.models import TreeHead

FETCH = 10_000


def _line(handle: TextIO, record: dict) -> None:
    handle.write(json.dumps(record, separators=(",", ":"), ensure_ascii=False))
    handle.write("\n")


def export_log(path: str | Path) -> dict[str, int]:
    """Write the export; returns counts. Reads inside one transaction, so it is a consistent cut."""
    leaves = heads = 0
    with open(path, "w", encoding="utf-8") as handle, transaction.atomic():
        _line(
            handle,
            {
                "type": "log",
                "origin": key_name(),
                "verifier_key": verifier_key(),
                "public_key": base64.b64encode(public_key_bytes()).decode(),
                "leaf_format": MAGIC,
            },
        )
        cursor = connection.chunked_cursor()
        cursor.execute(
            'SELECT l."index", e.leaf FROM ledger_leaf l JOIN ledger_event e ON e.id = l.event_id '
            'ORDER BY l."index"'
        )
        while rows := cursor.fetchmany(FETCH):
            for index, leaf in rows:
                _line(
                    handle,
                    {
                        "type": "leaf",
                        "index": index,
                        "leaf": base64.b64encode(leaf.encode("utf-8")).decode(),
                    },
                )
            leaves += len(rows)
        cursor.close()
        for head in TreeHead.objects.order_by("tree_size"):
            _line(
                handle,
                {
                    "type": "tree_head",
                    "tree_size": head.tree_size,
                    "root_hash": base64.b64encode(bytes(head.root_hash)).decode(),
                    "timestamp_ms": head.timestamp_ms,
                    "checkpoint": head.checkpoint,
                },
            )
            heads += 1
    return {"leaves": leaves, "tree_heads": heads}
