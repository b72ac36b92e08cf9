"""Choices a reporter picks from. Codes are stable (they enter the ledger); labels translate."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AbuserRelation(models.TextChoices):
    FAMILY = "family", _("Family member")
    NEIGHBOUR = "neighbour", _("Neighbour")
    TEACHER_OR_CLERIC = "teacher_or_cleric", _("Teacher or cleric")
    EMPLOYER = "employer", _("Employer")
    STRANGER = "stranger", _("Stranger")
    POLICE_OR_OFFICIAL = "police_or_official", _("Police or an official")
    UNKNOWN = "unknown", _("I don't know")


class PoliceStatus(models.TextChoices):
    NOT_REPORTED = "no", _("No, not yet")
    FIR_REGISTERED = "fir_registered", _("Yes, and an FIR was registered")
    REFUSED = "refused_or_nothing", _("Yes, but the police refused or did nothing")


class ReporterRelation(models.TextChoices):
    SELF = "self", _("I am the person harmed")
    PARENT = "parent", _("Parent")
    RELATIVE = "relative", _("Relative")
    NEIGHBOUR = "neighbour", _("Neighbour")
    TEACHER = "teacher", _("Teacher")
    OTHER = "other", _("Someone else")


class ContactMethod(models.TextChoices):
    NONE = "none", _("Do not contact me (anonymous)")
    PHONE = "phone", _("By phone or SMS")
    EMAIL = "email", _("By email")


class WhenKind(models.TextChoices):
    DATE = "date", _("On a date")
    ABOUT = "about", _("About … ago")
    UNKNOWN = "unknown", _("I don't know")


class AgoUnit(models.TextChoices):
    DAYS = "days", _("days ago")
    WEEKS = "weeks", _("weeks ago")
    MONTHS = "months", _("months ago")
    YEARS = "years", _("years ago")
