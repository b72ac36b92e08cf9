"""Ledger tables. All three are append-only: database triggers refuse UPDATE and DELETE."""

from __future__ import annotations

from typing import Any

from django.db import models

from nigraan.ledger.encoding import LeafFields, decode_leaf


class Event(models.Model):
    """One event of one case. ``leaf`` holds the exact leaf text; the other columns are copies of
    its header kept for queries, and ``nigraan ledger verify`` checks they agree with it."""

    case_ref = models.CharField(max_length=32)
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=64)
    actor = models.CharField(max_length=150)
    occurred_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    event_hash = models.CharField(max_length=64, unique=True)
    leaf = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_ref", "seq"], name="ledger_event_case_seq"),
        ]
        indexes = [
            models.Index(fields=["actor", "occurred_at"], name="ledger_event_actor_time"),
            # figures releases read a month of events (stats/read_model_queries.py): the kind,
            # case and id are in the index, so PostgreSQL answers from it alone (an index-only
            # scan) instead of visiting heap pages scattered over the whole table
            models.Index(
                fields=["occurred_at", "kind", "case_ref", "id"], name="ledger_event_time_cover"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_ref}#{self.seq} {self.kind}"

    @property
    def fields(self) -> LeafFields:
        return decode_leaf(self.leaf)

    @property
    def data(self) -> Any:
        return self.fields.data


class Leaf(models.Model):
    """Position of an event in the Merkle log: leaves are numbered from 0 in sequencing order."""

    index = models.BigIntegerField(primary_key=True)
    event = models.OneToOneField(Event, on_delete=models.PROTECT, related_name="log_leaf")
    leaf_hash = models.BinaryField(max_length=32, db_index=True)

    class Meta:
        ordering = ["index"]


class TreeHead(models.Model):
    """A signed tree head, stored as the C2SP tlog-checkpoint signed note that was published."""

    tree_size = models.BigIntegerField(unique=True)
    root_hash = models.BinaryField(max_length=32)
    timestamp_ms = models.BigIntegerField()
    checkpoint = models.TextField()
    signature = models.BinaryField(max_length=64)
    key_id = models.CharField(max_length=8)

    class Meta:
        ordering = ["tree_size"]


class TreeNode(models.Model):
    """Stored hash of a complete, aligned subtree whose level is a multiple of 4 (16, 256, 4096
    … leaves), so proofs read O(log n) rows instead of rehashing the log. A cache: verification
    never trusts it."""

    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["level", "index"], name="ledger_treenode_level_index")
        ]


class WitnessCosignature(models.Model):
    """A witness's cosignature of a signed tree head (c2sp.org/tlog-cosignature), as received.
    A head counts as witnessed when K of the N configured witnesses cosigned it."""

    tree_head = models.ForeignKey(TreeHead, on_delete=models.PROTECT, related_name="cosignatures")
    witness = models.CharField(max_length=200)  # the witness's key name
    key_id = models.CharField(max_length=8)
    timestamp = models.BigIntegerField()  # POSIX seconds, as cosigned
    line = models.TextField()  # the note signature line, newline included
    received_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tree_head", "witness"], name="ledger_cosig_head_once")
        ]


class WitnessPosition(models.Model):
    """Per witness: the tree size it last cosigned (the old size of the next push, whose
    consistency proof starts there) and how the last push went."""

    witness = models.CharField(max_length=200, unique=True)
    tree_size = models.BigIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_cosigned_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)


class SigningHalt(models.Model):
    """Signing stopped: a witness holds a head this log cannot extend (the log was rolled back
    or forked). While one is unresolved the sequencer signs nothing and ``ledger verify``
    fails. ``nigraan ledger resume`` resolves it (it stays, as history)."""

    raised_at = models.DateTimeField()
    witness = models.CharField(max_length=200)
    witness_size = models.BigIntegerField()
    log_size = models.BigIntegerField()
    reason = models.CharField(max_length=500)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.reason


class ProjectionAlarm(models.Model):
    """A case whose stored projection differs from its events, as the worker found it: one row
    per case and distinct difference, so the alarm is raised once, and the case page shows a
    banner while it is open. Cleared when a later check finds the case equal to its events."""

    case_ref = models.CharField(max_length=32)
    table = models.CharField(max_length=64)
    field = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=32)
    raised_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case_ref", "fingerprint"], name="projection_alarm_case_difference"
            )
        ]
        indexes = [models.Index(fields=["case_ref", "cleared_at"], name="projection_alarm_open")]

    def __str__(self) -> str:
        return f"{self.case_ref}: {self.table}.{self.field}"
