"""Receipts and idempotent API answers. Neither stores a receipt code: only its argon2 hash, or a
response sealed under a key only the client's Idempotency-Key can rebuild."""

from __future__ import annotations

from django.db import models


class Receipt(models.Model):
    """The reporter's proof of access to a case: the argon2id hash of the code, nothing else."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="receipt")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    # The signed tree head the reporter's first proof of report was issued under (its size and
    # root, and the report's leaf in it), so that each follow-up login checks, with a consistency
    # proof, that the log still holds what the reporter's proof shows. Empty until a proof with
    # an inclusion proof is issued. Hashes only: nothing about the report or the reporter.
    proof_leaf_hash = models.BinaryField(max_length=32, null=True)
    proof_leaf_index = models.BigIntegerField(null=True)
    proof_tree_size = models.BigIntegerField(null=True)
    proof_root_hash = models.BinaryField(max_length=32, null=True)
    # SHA-256 of the token of the newest follow-up login with this code: a login ends the session
    # of any earlier one (whoever else holds the code is logged out, and the reporter notices).
    session_hash = models.CharField(max_length=64, blank=True, default="")
    # A code someone else has seen (a helpline operator read it out): replaced by a new one at
    # the first follow-up login, so the copy the operator saw stops working.
    rotate_at_login = models.BooleanField(default=False)
    # When the code last opened the case, shown at the next login ("last used on …") so that a
    # reporter sees a login that was not theirs. The time only: no address, no device.
    last_login_at = models.DateTimeField(null=True, blank=True)


class IdempotentResponse(models.Model):
    """The answer given to a POST with an Idempotency-Key, sealed with a key derived from that
    Idempotency-Key (which the server does not keep), so a replay gets the same answer and
    nobody else can read the receipt code inside it."""

    key_digest = models.CharField(max_length=64, unique=True)
    request_digest = models.CharField(max_length=64)
    sealed_response = models.BinaryField()
    status = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField()


class SmsConversation(models.Model):
    """A guided SMS report in progress. Found by a keyed hash of the phone number; the answers so
    far (which include the account) are sealed under a master-derived key. Deleted when done."""

    phone_digest = models.CharField(max_length=64, unique=True)
    sealed_state = models.BinaryField()
    updated_at = models.DateTimeField()


class SmsInbound(models.Model):
    """Inbound messages already handled, so a gateway's retried webhook is not answered twice.
    Keyed hashes only (HMAC with the site's secret: a phone number and a one-digit answer are
    too few possibilities for a plain hash): ``digest`` of the sender, text and the gateway's
    message id or date; ``sender`` of the phone number and ``repeat`` of the number and text,
    to recognise a retry that carries neither."""

    digest = models.CharField(max_length=64, unique=True)
    sender = models.CharField(max_length=64, default="", db_index=True)
    repeat = models.CharField(max_length=64, default="")
    received_at = models.DateTimeField()
