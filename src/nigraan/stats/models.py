"""Published releases of the public figures. A release is stored once and never changed: its
tables are kept as the exact canonical JSON that was hashed, and that hash is in the ledger
(``stats/publish.py``), so ``nigraan ledger verify`` names a release whose stored text was
altered. A correction is a new release of the same period that says what changed and why."""

from __future__ import annotations

from django.db import models


class PublishedRelease(models.Model):
    period = models.CharField(max_length=32)  # "month:2026-10" or "rolling:2026-10"
    version = models.PositiveIntegerField()  # 1, then 2 for its first correction, …
    computed_at = models.DateTimeField()
    tables = models.TextField()  # canonical JSON (stats/publish.py), the text that was hashed
    sha256 = models.CharField(max_length=64)
    correction_note = models.TextField(blank=True)  # empty unless it replaces an earlier release
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    ledger_seq = models.PositiveIntegerField()  # its event in the ledger's figures chain
    ledger_hash = models.CharField(max_length=64)  # that event's hash

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "version"], name="stats_release_version")
        ]
        ordering = ["-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.period} v{self.version}"

    @property
    def kind(self) -> str:
        return self.period.split(":")[0]

    @property
    def month(self) -> str:
        return self.period.split(":")[1]

    @property
    def is_correction(self) -> bool:
        return self.replaces_id is not None
