"""Security events: an append-only record of what administrators must be able to see (failed
and successful staff logins, lock-outs, second-factor replays, permission refusals, bulk-read
alerts). Database triggers refuse UPDATE and DELETE, as for the ledger (``triggers.py``).

Never a victim's, reporter's or witness's data: the actor is a staff username (only when the
account exists: a mistyped username can be a password), the source is a keyed hash of the
client address, and ``details`` holds codes, counts, case references and page paths.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCEEDED = "login_succeeded", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGIN_LOCKED = "login_locked", _("Login locked after repeated failures")
    SECOND_FACTOR_FAILED = "second_factor_failed", _("Wrong second-factor code")
    SECOND_FACTOR_REPLAYED = "second_factor_replayed", _("Second-factor code used a second time")
    SECOND_FACTOR_ENROLLED = "second_factor_enrolled", _("Second factor set up")
    PERMISSION_REFUSED = "permission_refused", _("Permission refused")
    BULK_READ_ALERT = "bulk_read_alert", _("Many protected reads by one person")
    STAFF_CREATED = "staff_created", _("Staff account created")
    RECEIPT_GUESSING = "receipt_guessing", _("Many wrong receipt codes across the site")
    CASE_EXPORTED = "case_exported", _("Case list exported")


class SecurityEvent(models.Model):
    at: models.DateTimeField = models.DateTimeField()
    kind: models.CharField = models.CharField(max_length=40, choices=SecurityEventKind.choices)
    actor: models.CharField = models.CharField(max_length=150, blank=True)
    source: models.CharField = models.CharField(max_length=16, blank=True)
    details: models.JSONField = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["at"], name="security_event_at"),
            models.Index(fields=["kind", "at"], name="security_event_kind_at"),
            models.Index(fields=["actor", "at"], name="security_event_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.actor}"
