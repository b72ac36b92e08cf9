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


class CaseFigures(models.Model):
    """The figures read model: one row per case, what the counting pass needs of it, folded from
    its ledger events by ``stats/read_model.py`` (never written by anything else). ``history``
    holds the case's events of the kinds figures read, trimmed to the data keys figures may read
    (never a protected value); the columns are what the idle count groups by. ``through_seq`` and
    ``through_hash`` name the last ledger event folded in; ``nigraan ledger verify`` rebuilds
    every row from the ledger and fails naming a case whose row differs."""

    case_ref = models.CharField(max_length=32, unique=True)
    opened_at = models.DateTimeField(null=True)  # its case.opened (seq 1); None: not a case
    closed_at = models.DateTimeField(null=True)  # its first stage "closed"
    corrected_at = models.DateTimeField(null=True)  # its first field correction
    channel = models.CharField(max_length=32, null=True)
    category = models.CharField(max_length=64, null=True)
    district = models.CharField(max_length=16, null=True)
    province = models.CharField(max_length=16, null=True)
    victim_age_band = models.CharField(max_length=16, null=True)
    victim_gender = models.CharField(max_length=16, null=True)
    history = models.TextField()  # JSON: [[seq, kind, time as in the leaf, data], …]
    through_seq = models.PositiveIntegerField()
    through_hash = models.CharField(max_length=64)


class FiguresCursor(models.Model):
    """How far the read model has folded the ledger: every event with an id up to
    ``through_id`` (one row)."""

    through_id = models.BigIntegerField(default=0)
    # The rules the month counts (CaseMonth) were computed under (stats/month_counts.py)
    counts_digest = models.CharField(max_length=200, default="")


class CaseMonth(models.Model):
    """A case's counts in one month as a monthly release counts them (its events recorded
    before the month's end), kept by ``stats/read_model.py`` beside the case's row so a month's
    release sums these instead of folding every touched case's history. ``atoms``: JSON, the
    case's atoms and durations per measure (stats/month_counts.py); a month with nothing to
    count has no row. Checked by ``nigraan ledger verify`` like the rows."""

    case_ref = models.CharField(max_length=32)
    month = models.CharField(max_length=7)  # YYYY-MM, in the project's time zone
    atoms = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case_ref", "month"], name="stats_casemonth_once")
        ]
        indexes = [models.Index(fields=["month"], name="stats_casemonth_month")]
