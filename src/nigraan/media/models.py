"""What press monitoring stores: the state of each feed, the pace of each host, the articles read
(text, never the page's HTML), and the incidents they report with every source kept.

Incidents here are press incidents, not cases: they never touch the case ledger. Linking one to
a case, and the review actions behind ``Incident.Status``, come later (issue 13 item 4)."""

from __future__ import annotations

import datetime as dt

from django.db import models


class FeedState(models.Model):
    """One feed or sitemap of an outlet: the validators for conditional GET, what it last
    answered, and a short lease so two overlapping runs never read it at once."""

    address = models.TextField(unique=True)
    outlet = models.CharField(max_length=200)
    etag = models.TextField(blank=True)
    last_modified = models.TextField(blank=True)
    last_read_at = models.DateTimeField(null=True)
    last_status = models.CharField(max_length=40, blank=True)  # "200", "304", "timed out"…
    last_error = models.TextField(blank=True)
    failures_in_a_row = models.PositiveIntegerField(default=0)
    leased_until = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.outlet}: {self.address}"


class HostPace(models.Model):
    """When the next request to a host may be made. Kept in the database so overlapping runs, on
    one machine or several, share one pace per host."""

    host = models.CharField(max_length=255, primary_key=True)
    next_request_at = models.DateTimeField()


class Article(models.Model):
    """One article an outlet listed. Its page's HTML is read, reduced to text and dropped; only
    the text, the addresses, the dates and what the extractor said are kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", "listed, page not read yet"
        PENDING = "pending", "text stored, not extracted yet"
        INCIDENT = "incident", "reports incidents"
        NOT_INCIDENT = "not_incident", "not an incident report"
        COPY = "copy", "a copy of another article"
        SET_ASIDE = "set_aside", "set aside"

    # sha256 of the address the outlet listed (tracking parameters stripped), or of the feed and
    # entry for an entry without a usable link: the same listing is never queued twice.
    key = models.CharField(max_length=64, unique=True)
    # sha256 of the page's canonical address: two listings of one page are one article.
    canonical_key = models.CharField(max_length=64, unique=True, null=True)
    outlet = models.CharField(max_length=200, db_index=True)
    feed = models.TextField()
    url = models.TextField(blank=True)
    canonical_url = models.TextField(blank=True)
    title = models.TextField(blank=True)
    language = models.CharField(max_length=2, blank=True)
    text = models.TextField(blank=True)
    published_on = models.DateField(null=True)
    published_from = models.CharField(max_length=10, blank=True)  # "page" or "feed"
    listed_at = models.DateTimeField()
    fetched_at = models.DateTimeField(null=True)
    processed_at = models.DateTimeField(null=True)
    status = models.CharField(max_length=16, choices=Status.choices, db_index=True)
    reason = models.TextField(blank=True)  # why set aside, or what the extractor decided
    attempts = models.PositiveSmallIntegerField(default=0)
    leased_until = models.DateTimeField(null=True)
    copy_of = models.ForeignKey("self", null=True, on_delete=models.PROTECT, related_name="copies")
    signature = models.BinaryField(null=True)  # MinHash of the text (wire copies)
    extraction = models.JSONField(default=dict)  # the extractor's record for the article

    class Meta:
        indexes = [models.Index(fields=["outlet", "status"])]

    def __str__(self) -> str:
        return f"{self.outlet}: {self.title or self.url}"

    @property
    def seen_on(self) -> dt.date | None:
        """The article's date for grouping: its published date, else the day it was fetched."""
        if self.published_on:
            return self.published_on
        return self.fetched_at.date() if self.fetched_at else None


class WireBand(models.Model):
    """One band of an article's MinHash signature (locality-sensitive hashing): articles that
    share a band are compared as possible wire copies."""

    key = models.CharField(max_length=24, db_index=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="bands")


class Incident(models.Model):
    """One event several articles may report, with the fields merged from its sources."""

    class Status(models.TextChoices):
        NEW = "new", "new"
        NEEDS_REVIEW = "needs_review", "needs review"
        CONFIRMED = "confirmed", "confirmed"
        NOT_RELEVANT = "not_relevant", "not relevant"
        MERGED = "merged", "merged"

    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    merged_into = models.ForeignKey(
        "self", null=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    offence = models.CharField(max_length=40, blank=True)
    victims = models.PositiveIntegerField(null=True)
    victim_ages = models.JSONField(default=list)
    victim_genders = models.JSONField(default=list)
    city = models.CharField(max_length=120, blank=True)
    district = models.CharField(max_length=120, blank=True)
    province = models.CharField(max_length=60, blank=True, db_index=True)
    district_code = models.CharField(max_length=20, blank=True)
    geo_precision = models.PositiveSmallIntegerField(null=True)
    date_of_incident = models.DateField(null=True)
    time_precision = models.PositiveSmallIntegerField(null=True)
    perpetrator_relation = models.CharField(max_length=30, blank=True)
    perpetrators_count = models.PositiveIntegerField(null=True)
    police_action = models.CharField(max_length=30, blank=True)
    first_reported_on = models.DateField(null=True)
    last_reported_on = models.DateField(null=True, db_index=True)
    sources_count = models.PositiveIntegerField(default=0)
    outlets_count = models.PositiveIntegerField(default=0)
    disagreements = models.JSONField(default=list)  # fields its sources state differently
    # Review (docs/media.md, "Review and link"): a reviewer's values win over the sources'.
    overrides = models.JSONField(default=dict)
    case_ref = models.CharField(max_length=40, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    next_escalation_at = models.DateTimeField(null=True, db_index=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    @property
    def district_id(self) -> str | None:
        """The place, in the shape permissions read (``CaseLike``)."""
        return self.district_code or None

    @property
    def province_id(self) -> str | None:
        from nigraan.geo.places import province_code_of

        return province_code_of(self.province, self.district_code)

    def __str__(self) -> str:
        return f"press incident {self.pk}: {self.offence} in {self.district or self.province}"


class IncidentSource(models.Model):
    """One article's account of an incident, with the fields that article gave."""

    class Kind(models.TextChoices):
        REPORT = "report", "report"
        FOLLOW_UP = "follow_up", "follow-up"
        COPY = "copy", "copy"

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="sources")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="incident_sources")
    position = models.PositiveSmallIntegerField()  # which of the article's incidents
    kind = models.CharField(max_length=10, choices=Kind.choices)
    development = models.CharField(max_length=20, blank=True)  # arrest, remand, verdict…
    fields = models.JSONField()
    names = models.JSONField(default=list)
    reported_on = models.DateField(null=True)
    link_score = models.FloatField(null=True)  # how it joined the incident (None: it began it)
    added_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="one_source_per_account")
        ]


class IncidentName(models.Model):
    """A name an incident's sources carry (people, police stations, villages): how a follow-up
    months later finds its incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["incident", "name"], name="one_row_per_incident_name")
        ]


class IngestRun(models.Model):
    """One run of press ingest, with what it counted (a crashed run has no finished_at)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    outlet = models.CharField(max_length=200, blank=True)  # "" for all outlets
    counts = models.JSONField(default=dict)
