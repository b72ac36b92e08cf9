"""The words a case is described with. Codes are stable (they enter the ledger); labels
translate."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    SMS = "sms", _("SMS")
    HELPLINE = "helpline", _("Helpline")
    API = "api", _("Partner app")
    STAFF = "staff", _("Entered by staff")
    PRESS = "press", _("From the press")


class Category(models.TextChoices):
    SEXUAL_ABUSE = "sexual_abuse", _("Sexual abuse or rape")
    ATTEMPTED_ABUSE = "attempted_abuse", _("Attempted abuse")
    HARASSMENT = "harassment", _("Harassment")
    MISSING_CHILD = "missing_child", _("Child missing or taken")
    ONLINE_ABUSE = "online_abuse", _("Online abuse or blackmail with images")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """Stage codes (stable: they enter the ledger) and their translated names, in pipeline order.
    Which stage may follow which, and why, is in rules/pipeline.yaml (nigraan.cases.pipeline)."""

    RECEIVED = "received", _("Report received")
    TRIAGED = "triaged", _("Triaged")
    ASSIGNED = "assigned", _("Assigned")
    MEDICAL_EXAMINATION = "medical_examination", _("Medical examination")
    FIR_REGISTERED = "fir_registered", _("FIR registered")
    FIR_REFUSED = "fir_refused", _("FIR refused")
    DIARY_ENTRY = "diary_entry", _("Diary entry only (no FIR)")
    INVESTIGATION = "investigation", _("Investigation")
    ACCUSED_ARRESTED = "accused_arrested", _("Accused arrested")
    ACCUSED_ABSCONDING = "accused_absconding", _("Accused absconding")
    CHALLAN_SUBMITTED = "challan_submitted", _("Charge sheet (challan) submitted")
    TRIAL = "trial", _("Trial")
    VERDICT = "verdict", _("Verdict")
    APPEAL = "appeal", _("Appeal")
    APPEAL_DECIDED = "appeal_decided", _("Appeal decided")
    CLOSED = "closed", _("Closed")


class AgeBand(models.TextChoices):
    UNDER_5 = "0-4", _("Under 5")
    FROM_5 = "5-9", _("5 to 9")
    FROM_10 = "10-14", _("10 to 14")
    FROM_15 = "15-17", _("15 to 17")
    ADULT = "18+", _("18 or older")
    UNKNOWN = "unknown", _("Not known")


class Gender(models.TextChoices):
    GIRL = "female", _("Female")
    BOY = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Not known")


class ProtectedField(models.TextChoices):
    """What identifies a victim, reporter or witness: encrypted at rest, read only with
    permission, every read logged."""

    VICTIM_NAME = "victim_name", _("Name of the person harmed")
    REPORTER_NAME = "reporter_name", _("Reporter's name")
    REPORTER_PHONE = "reporter_phone", _("Reporter's phone")
    REPORTER_EMAIL = "reporter_email", _("Reporter's email")
    ADDRESS = "address", _("Address or place")
    NARRATIVE = "narrative", _("Account of what happened")
    WITNESS_NAME = "witness_name", _("Witness's name")
    WITNESS_PHONE = "witness_phone", _("Witness's phone")


PROTECTED_FIELDS = frozenset(ProtectedField.values)
# Plain fields a staff member may correct with a reason (protected ones may be corrected too).
CORRECTABLE_PLAIN_FIELDS = frozenset({"category", "district", "victim_age_band", "victim_gender"})


class Custody(models.TextChoices):
    """Where an accused person is. A change to bailed or released is told to the reporter."""

    AT_LARGE = "at_large", _("At large")
    ARRESTED = "arrested", _("Arrested")
    PHYSICAL_REMAND = "physical_remand", _("On physical remand (police custody)")
    JUDICIAL_REMAND = "judicial_remand", _("On judicial remand (jail)")
    BAILED = "bailed", _("Released on bail")
    RELEASED = "released", _("Released")
    ABSCONDING = "absconding", _("Absconding")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")


RELEASES = frozenset({Custody.BAILED.value, Custody.RELEASED.value})


class Outcome(models.TextChoices):
    """How a trial (or the complaint) ended, recorded with a verdict. Which outcomes are flagged
    for oversight is in rules/pipeline.yaml."""

    CONVICTION = "conviction", _("Conviction")
    ACQUITTAL = "acquittal", _("Acquittal")
    WITHDRAWAL = "withdrawal", _("Withdrawn by the complainant")
    COMPROMISE = "compromise", _("'Compromise' between the parties")
    MARRIAGE = "marriage_to_accused", _("Marriage to the accused")
