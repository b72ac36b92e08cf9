"""People who work in Nigraan, their role and the jurisdictions they work in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HELPLINE_OPERATOR = "helpline_operator", _("Helpline operator")
    CASE_WORKER = "case_worker", _("Case worker")
    SUPERVISOR = "supervisor", _("Supervisor")
    DISTRICT_OFFICER = "district_officer", _("District child-protection officer")
    POLICE_LIAISON = "police_liaison", _("Police liaison")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    OVERSIGHT = "oversight", _("Oversight")
    ADMINISTRATOR = "administrator", _("Administrator")


class JurisdictionLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    PROVINCE = "province", _("Province")
    COUNTRY = "country", _("Country")


class Staff(AbstractUser):
    """A staff member. Exactly one role; one or more jurisdictions (see ``Jurisdiction``).
    Usernames are ASCII: they are written into ledger events as the actor."""

    username = models.CharField(
        max_length=150,
        unique=True,
        validators=[ASCIIUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only (ASCII).",
        error_messages={"unique": "A staff member with that username already exists."},
    )

    role = models.CharField(max_length=32, choices=Role.choices)
    full_name = models.CharField(max_length=150, blank=True)
    # Recorded so that a reporter's request for a woman officer can be honoured: assigning such
    # a case to someone not recorded as one needs a reason and is flagged to oversight.
    is_woman_officer = models.BooleanField(default=False)
    # Base32 TOTP secret (RFC 6238). Empty until enrolled.
    totp_secret = models.CharField(max_length=64, blank=True)
    # The last accepted time step, so one code cannot be used twice.
    totp_last_step = models.BigIntegerField(null=True, blank=True)
    # Not a column: the (level, code) pairs of this person's jurisdictions, read once per
    # instance by ``permissions`` (a page asks "may they?" many times).
    jurisdiction_cache: list[tuple[str, str]] | None = None

    class Meta:
        verbose_name = "staff member"
        verbose_name_plural = "staff"

    def __str__(self) -> str:
        return self.username


class Jurisdiction(models.Model):
    """One area a staff member works in: a district (PK614), a province (PK6) or the country
    (PK)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="jurisdictions")
    level = models.CharField(max_length=16, choices=JurisdictionLevel.choices)
    code = models.CharField(max_length=10)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["staff", "level", "code"], name="unique_staff_jurisdiction"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level}:{self.code}"


class LoginFailure(models.Model):
    """One failed login, keyed by a hash of the username or of the client address (raw addresses
    are not kept). Used to throttle guessing; old rows are pruned as new ones arrive."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)
