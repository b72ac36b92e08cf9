"""Projections of case events. The events (nigraan.ledger) are the truth; these rows are the
current state, updated in the same transaction as the events, and can be rebuilt from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from nigraan.cases.vocabulary import AgeBand, Category, Channel, Gender, Stage


class Case(models.Model):
    ref = models.CharField(max_length=32, unique=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    category = models.CharField(max_length=32, choices=Category.choices)
    stage = models.CharField(max_length=32, choices=Stage.choices, default=Stage.RECEIVED)
    is_open = models.BooleanField(default=True)
    province = models.ForeignKey("geo.Province", null=True, blank=True, on_delete=models.PROTECT)
    district = models.ForeignKey("geo.District", null=True, blank=True, on_delete=models.PROTECT)
    victim_age_band = models.CharField(
        max_length=8, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    victim_gender = models.CharField(max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    opened_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Non-identifying facts from the report: when (approximately), police status, relation of the
    # suspected abuser, who reported, consent. Keys are documented in docs/cases.md.
    report = models.JSONField(default=dict)
    # Sealed protected values: {"victim_name": "enc1:..."} — ciphertext only.
    protected = models.JSONField(default=dict)
    note_count = models.PositiveIntegerField(default=0)
    # Accused people: [{"number", "relation", "custody", "basis", "since"}]; names are sealed in
    # events.
    accused = models.JSONField(default=list)
    # Charges: [{"accused": number, "offence": "PK.PPC.376.3"}] (codes from rules/offences.yaml).
    charges = models.JSONField(default=list)
    # Closed without an FIR, or by a "compromise": oversight looks at these.
    flagged_for_oversight = models.BooleanField(default=False)
    # Referrals: [{"number", "service" (code), "kind", "status":
    # referred|accepted|declined|completed, "shares_details"}]
    referrals = models.JSONField(default=list)
    # The court: {"hearings": [{"on", "next", "court"}], "verdicts": [{"outcome", "accused":
    # [numbers], "on"}]}.
    court = models.JSONField(default=dict)
    # A supervisor recorded the legal basis on which the police and prosecutor may read the
    # protected details without the reporter's consent (case.legal_basis_recorded).
    legal_basis_recorded = models.BooleanField(default=False)
    # The FIR was registered at some point (a case.stage_recorded to fir_registered): what
    # oversight's "closed without an FIR" reads, instead of searching the ledger's text.
    had_fir = models.BooleanField(default=False, db_default=False)
    # The list columns (cases.list_columns: derived from the deadline rows and the accused list
    # by its one writer, compared by the projection check): what the staff lists and the
    # province summary count, read from an index instead of probing each case's deadlines.
    next_due_at = models.DateTimeField(null=True, blank=True)  # earliest unmet deadline
    escalated = models.BooleanField(default=False, db_default=False)  # an unmet one escalated
    accused_released = models.BooleanField(default=False, db_default=False)  # bailed/released
    is_shredded = models.BooleanField(default=False)
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [
            # Each district index ends with the province: oversight's own filter (its area is a
            # province) is then read from the index, and a district's count needs no table row.
            models.Index(
                fields=["district", "is_open", "opened_at", "province"], name="case_district_open"
            ),
            models.Index(fields=["province", "is_open", "opened_at"], name="case_province_open"),
            models.Index(fields=["owner", "is_open"], name="case_owner_open"),
            # "All cases" newest first, a district's or a province's: read in index order, a
            # page at a time, instead of sorting every case of the area (docs/performance.md).
            models.Index(
                fields=["district", "opened_at", "id", "province"], name="case_district_recent"
            ),
            models.Index(fields=["province", "opened_at", "id"], name="case_province_recent"),
            # "Closed without an FIR" of a district: its page and its count from this index.
            models.Index(
                fields=["district", "opened_at", "id", "province"],
                name="case_district_no_fir",
                condition=models.Q(is_open=False, had_fir=False),
            ),
            # The province summary: one aggregate per district read from this index alone.
            models.Index(
                fields=[
                    "province",
                    "district",
                    "is_open",
                    "next_due_at",
                    "escalated",
                    "owner",
                    "flagged_for_oversight",
                    "had_fir",
                    "accused_released",
                    "id",
                ],
                name="case_summary",
            ),
            # "Overdue" of a district: its open cases by their earliest unmet due time.
            models.Index(
                fields=["district", "province", "next_due_at", "id"],
                name="case_district_due",
                condition=models.Q(is_open=True),
            ),
        ]

    def __str__(self) -> str:
        return self.ref


class CaseKey(models.Model):
    """The case's data key, wrapped by the master key. Emptied (never deleted) when shredded."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="key")
    wrapped_key = models.BinaryField()
    master_key_id = models.CharField(max_length=16)
    shredded_at = models.DateTimeField(null=True, blank=True)


class Deadline(models.Model):
    """One legal or policy clock on a case, from the rules in force when it started
    (``rules_version``). Kept with the case's projection, in the same transaction as its events;
    the sweep escalates it one level at a time while it is unmet."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="deadlines")
    rule_id = models.CharField(max_length=64)
    subject = models.CharField(
        max_length=16, default="", blank=True
    )  # the accused person's number, for custody clocks
    title = models.CharField(max_length=200)
    rules_version = models.CharField(max_length=40)
    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    escalate_every = models.DurationField()
    met_at = models.DateTimeField(null=True, blank=True)
    stopped = models.BooleanField(default=False)  # closed, or no longer applies, before it was met
    level = models.PositiveSmallIntegerField(default=0)  # escalations so far
    next_escalation_at = models.DateTimeField(null=True, blank=True)
    escalates = models.BooleanField(default=True)  # False: a window shown on the case page only
    warn_at = models.DateTimeField(null=True, blank=True)  # when to tell people it is coming (once)
    warned = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_id", "subject"], name="deadline_case_rule_subject"
            )
        ]
        indexes = [
            models.Index(fields=["next_escalation_at"], name="deadline_next_escalation"),
            models.Index(fields=["warn_at"], name="deadline_warn_at"),
            # The staff lists' "overdue" and "escalated": a case's unmet deadlines only.
            models.Index(
                fields=["case", "due_at"],
                name="deadline_unmet_case_due",
                condition=models.Q(met_at__isnull=True, stopped=False),
            ),
        ]


class ServiceKind(models.TextChoices):
    MEDICAL = "medical", "Medical"
    LEGAL_AID = "legal_aid", "Legal aid"
    PSYCHOSOCIAL = "psychosocial", "Psychosocial support"
    SHELTER = "shelter", "Shelter"
    CHILD_PROTECTION = "child_protection", "Child protection"


class Service(models.Model):
    """A service a case can be referred to, in a district's directory."""

    code = models.SlugField(max_length=60, unique=True)
    district = models.ForeignKey("geo.District", on_delete=models.PROTECT, related_name="services")
    kind = models.CharField(max_length=20, choices=ServiceKind.choices)
    name = models.CharField(max_length=200)
    contact = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["district", "kind", "name"]

    def __str__(self) -> str:
        return self.name
