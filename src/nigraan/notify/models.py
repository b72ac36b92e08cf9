"""The outbox: messages written in the same transaction as the change that causes them, and
delivered afterwards by the worker, at least once, with retries, idempotently."""

from __future__ import annotations

from django.db import models

from nigraan.notify.notice_words import Words, words


class OutboxStatus(models.TextChoices):
    PENDING = "pending", "pending"
    SENT = "sent", "sent"
    DEAD = "dead", "dead (gave up; see last_error)"


class OutboxPriority(models.IntegerChoices):
    """Lower goes first. Alert SMS to responders (police, district officers) before anything
    else; messages to one person (a reporter's receipt, a staff notice's email, a partner's
    webhook) next; an alert's SMS to the public last, so a million of them never hold the rest
    back."""

    RESPONDER = 0, "responder"
    ONE_PERSON = 1, "one person"
    PUBLIC_ALERT = 2, "public alert"


class OutboxMessage(models.Model):
    # Recipient and body are sealed (AES-256-GCM under a key derived from the master key) because
    # a phone number identifies a reporter and a body may carry a receipt code. Both are wiped
    # once the message is delivered.
    idempotency_key = models.CharField(max_length=100, unique=True)
    channel = models.CharField(max_length=16)
    # A database default too: the alert fan-out writes rows with INSERT … SELECT.
    priority = models.SmallIntegerField(
        default=OutboxPriority.ONE_PERSON, db_default=OutboxPriority.ONE_PERSON
    )
    sealed_recipient = models.BinaryField()
    sealed_body = models.BinaryField()
    status = models.CharField(
        max_length=8, choices=OutboxStatus.choices, default=OutboxStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The worker takes due rows one priority at a time, oldest first: a range on this index.
        indexes = [
            models.Index(fields=["status", "priority", "next_attempt_at"], name="outbox_due_first")
        ]


class DeliveryPace(models.Model):
    """A token bucket per gateway (``sms``, ``email``, ``webhook``…), shared by every worker:
    the rate cap of ``NIGRAAN_OUTBOX_RATES`` (messages per second). ``tokens`` were left at
    ``refilled_at``; the bucket refills at the rate, up to one second's worth."""

    gateway = models.CharField(max_length=16, unique=True)
    tokens = models.FloatField()
    refilled_at = models.DateTimeField()


class SimulatedSms(models.Model):
    """What the simulated SMS gateway 'sent' (demo and tests only). A real gateway replaces it."""

    message_id = models.CharField(max_length=100, unique=True)
    to = models.CharField(max_length=40)
    text = models.TextField()
    accepted_at = models.DateTimeField()


class StaffNotice(models.Model):
    """Something a staff member must know (a deadline escalated to them, a bulk-read alert, an
    integrity alarm), shown in the staff pages. Written in the same transaction as the event that
    causes it. ``case`` is empty for a notice about no single case (a bulk-read alert) or about
    the whole system (an integrity alarm).

    What it says is data: ``kind`` and ``params`` (notice_words.py puts them into the viewer's
    language when shown). ``text`` keeps the English words, and is all a notice made before
    notices were data has."""

    staff = models.ForeignKey("accounts.Staff", on_delete=models.CASCADE, related_name="notices")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="notices", null=True, blank=True
    )
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict, blank=True)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["staff", "read_at", "created_at"], name="notice_staff_unread")
        ]

    def words(self) -> Words:
        """Title and text in the active language (the page's)."""
        return words(self.kind, self.params, self.text)
