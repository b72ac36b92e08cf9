"""People who asked to receive missing-child alerts by SMS."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    URDU = "ur", "اردو"


class OptInChannel(models.TextChoices):
    SMS = "sms", "SMS keyword"
    WEB = "web", "Web form"
    PARTNER = "partner", "Partner or operator feed"
    STAFF = "staff", "Entered by staff"


class Subscriber(models.Model):
    """One phone number that opted in, with the place it wants alerts for.

    ``cell`` is the H3 resolution-9 cell of the place the subscriber gave (no coordinates are
    kept); it is empty when they named only a district, and then ``district`` alone decides.
    The number is sealed; ``phone_lookup`` (a keyed hash) finds it again for an opt-out, which
    deletes the row: nothing about a person who left is kept.
    """

    phone_lookup = models.CharField(max_length=64, unique=True)
    sealed_phone = models.BinaryField()
    language = models.CharField(max_length=2, choices=Language.choices, default=Language.URDU)
    district = models.ForeignKey(
        "geo.District", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    cell = models.BigIntegerField(null=True, blank=True)
    # Responders (police, district officers) are sent to first; test subscribers receive drills
    # (CAP status Exercise) and nothing else.
    is_responder = models.BooleanField(default=False)
    is_test = models.BooleanField(default=False)
    opted_in_by = models.CharField(max_length=8, choices=OptInChannel.choices)
    opted_in_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["cell"], name="alert_subscriber_cell"),
            models.Index(fields=["district", "cell"], name="alert_subscriber_district"),
            # Small indexes for the few: responders are queued first, drills reach test
            # subscribers only, and neither should read every subscriber in the circle to find
            # them.
            models.Index(
                fields=["cell"], condition=Q(is_responder=True), name="alert_responder_cell"
            ),
            models.Index(fields=["cell"], condition=Q(is_test=True), name="alert_test_cell"),
        ]

    def __str__(self) -> str:
        return f"subscriber {self.pk} ({self.district_id})"


class AlertState(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"  # approval and issue happen in one transaction
    ACTIVE = "active", "Active"
    FOUND = "found", "Child found"
    CANCELLED = "cancelled", "Cancelled"
    # Its time ran out while the child was still missing (case.alert_expired): off the public
    # pages; staff may re-issue it (update_alert), record "found" or cancel it.
    EXPIRED = "expired", "Expired"


class PublishedAlert(models.Model):
    """An alert's row: the projection of the case.alert_* events of one alert, kept so the public
    pages, the feed and the CAP addresses need no ledger reads. ``content`` holds the texts as
    staff drafted them; on "found" or cancel its description is emptied at once. ``cap_xml`` is
    the newest CAP document as it was issued (validated when made and again when served)."""

    reference = models.CharField(max_length=20, unique=True)
    case_ref = models.CharField(max_length=20, db_index=True)  # staff pages only, never public
    state = models.CharField(max_length=10, choices=AlertState.choices)
    drafted_by = models.CharField(max_length=150)
    draft_seq = models.IntegerField()
    content = models.JSONField()
    area = models.JSONField(default=dict)  # lat, lon, radius_km, districts (after issue)
    messages = models.JSONField(default=list)  # [identifier, sent ISO] of each CAP message
    cap_identifier = models.CharField(max_length=60, blank=True)
    cap_xml = models.BinaryField(default=b"")
    issued_at = models.DateTimeField(null=True, blank=True)
    expires = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"alert {self.reference} ({self.state})"


class WebhookSubscriber(models.Model):
    """A partner system (a broadcaster, a newsroom, an operator or regulator feed) that receives
    each CAP message of the alerts it covers, POSTed and signed with its own secret
    (``alerts.webhooks``). ``districts`` lists P-codes; empty means the whole country. A test
    subscriber receives drills (CAP status Exercise) and nothing else."""

    name = models.CharField(max_length=100, unique=True)
    url = models.URLField(max_length=500)
    sealed_secret = models.BinaryField()
    districts = models.JSONField(default=list, blank=True)
    is_test = models.BooleanField(default=False)
    created_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"webhook subscriber {self.name}"


class AlertSmsText(models.Model):
    """The SMS text of one alert message in one language. Alert SMS in the outbox carry no
    number and no text: the worker reads the text here and the subscriber's sealed number when
    it sends (``alerts.delivery``), so queueing a million is one INSERT … SELECT."""

    identifier = models.CharField(max_length=60)  # the outbox keys' CAP identifier
    language = models.CharField(max_length=2, choices=Language.choices)
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["identifier", "language"], name="alert_sms_text_once")
        ]


class AlertPhotoRecord(models.Model):
    """The photo of an alert's child, as it is published (``alerts.photos``: no metadata, at most
    480 px), sealed under the case's data key, so shredding the case makes it unreadable. There
    is no plain copy anywhere: the public address unseals it for each request while the alert is
    active, and answers 410 once it is found or cancelled. The ledger records only its SHA-256
    (``case.alert_drafted``); the row's ``content["photo"]`` holds what CAP says of it."""

    alert = models.OneToOneField(PublishedAlert, on_delete=models.CASCADE, related_name="photo")
    sealed = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    size = models.IntegerField()
    width = models.IntegerField()
    height = models.IntegerField()

    def __str__(self) -> str:
        return f"photo of alert {self.alert_id}"
