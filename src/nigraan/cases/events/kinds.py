"""One class per event kind: the fields each kind's data holds, with their types.

Codes (stages, custody, outcomes, offences, services) are plain strings here: the lists they come
from live in rules files and vocabularies that change over the years, and an event must still
decode after its code left the list. Commands check codes against the lists of their day.
Protected values (names, notes, messages) are ``enc1:`` ciphertext tokens.
"""

from __future__ import annotations

from typing import ClassVar

import msgspec
from django.utils.translation import gettext_lazy as _
from msgspec import UNSET, UnsetType

from nigraan.cases.events.base import CaseEvent

# Report facts are short codes, dates, numbers and yes/no answers (see commands.intake).
ReportValue = str | int | bool | None


class CaseOpened(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.opened"
    label = _("Report received")
    definition = _("A report was received and a case was opened for it.")
    channel: str
    category: str
    district: str | None
    province: str | None
    victim_age_band: str
    victim_gender: str
    protected: dict[str, str]  # field name → ciphertext token
    report: dict[str, ReportValue]


class CaseAssigned(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.assigned"
    label = _("Assigned")
    definition = _("The case was given an owner: the person answerable for its next step.")
    owner: str  # a staff username
    reason: str
    # The reporter asked for a woman officer and the owner is not recorded as one: the reason
    # is required and oversight is told.
    flag: bool | UnsetType = UNSET


class NoteAdded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.note_added"
    label = _("Note added")
    definition = _("A note was added to the case; only people who may read protected details can.")
    note: str


class FieldCorrected(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.field_corrected"
    label = _("Field corrected")
    definition = _("A recorded detail was corrected, with a reason; the earlier value stays.")
    field: str
    reason: str
    value: str | None  # None: a protected value cleared, or a district no longer known
    province: str | None | UnsetType = UNSET  # only when the district is corrected


class StageRecorded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.stage_recorded"
    label = _("Stage reached")
    definition = _("The case reached a stage of the justice process, closing included.")
    stage: str
    reason: str
    rules: str  # the pipeline rules in force ("pipeline v1:<digest>")
    on: str | UnsetType = UNSET  # the day it happened, when that was before the day recorded
    reason_code: str | UnsetType = UNSET  # closing only: a code from rules/closure.yaml
    flag: bool | UnsetType = UNSET  # closing only: closed without an FIR, or by a "compromise"
    approves: int | UnsetType = UNSET  # closing only: the case.closure_requested it approves


class ProtectedDataRead(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.protected_read"
    label = _("Protected details read")
    definition = _("Someone allowed to read the case's protected details read them, with a reason.")
    fields: tuple[str, ...]  # the protected fields read
    notes: int  # how many notes and messages were read
    reason: str


class CaseShredded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.shredded"
    label = _("Protected details erased")
    definition = _("The case's key was destroyed: its protected details can never be read again.")
    reason: str
    # The administrator who asked for the erasure (the actor is the second one, who approved it);
    # absent in cases shredded before two administrators were needed.
    requested_by: str | UnsetType = UNSET


class ShredRequested(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.shred_requested"
    label = _("Erasure requested")
    definition = _(
        "An administrator asked for the case's protected details to be erased; a second "
        "administrator must approve it."
    )
    reason: str


class ReporterMessage(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.reporter_message"
    label = _("Message from the reporter")
    definition = _("The reporter wrote to the case worker or added information.")
    text: str
    purpose: str  # "message" or "information"


class ReplyToReporter(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.reply_to_reporter"
    label = _("Reply to the reporter")
    definition = _("A message to the reporter, from staff or telling of an accused's release.")
    text: str
    notice: str | UnsetType = UNSET  # the custody that was told of (bailed, released, acquitted)


class DeadlineEscalated(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.deadline_escalated"
    label = _("Deadline missed: escalated")
    definition = _("A legal or policy deadline was missed and the case went one level up.")
    deadline: str  # the rule id
    level: int  # 1 for the first level of the chain
    to: str  # the role told
    due: str  # when it was due, "YYYY-MM-DDTHH:MM:SSZ"
    rules: str  # the deadline rules in force when the clock started
    accused: str | UnsetType = UNSET  # the accused person's number, for custody clocks


class AccusedAdded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.accused_added"
    label = _("Accused person recorded")
    definition = _("An accused person was recorded on the case; a name, if given, is sealed.")
    number: int
    relation: str
    custody: str
    since: str  # the day recorded, year-month-day
    name: str | UnsetType = UNSET


class CustodyChanged(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.custody_changed"
    label = _("Custody changed")
    definition = _("An accused person was arrested, remanded, bailed or released, with the law.")
    number: int
    custody: str
    basis: str  # the legal basis
    since: str  # the day it happened, year-month-day


class ChargeRecorded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.charge_recorded"
    label = _("Charge recorded")
    definition = _("An accused person was charged under a law and section.")
    accused: int
    offence: str  # a code from rules/offences.yaml


class CaseReferred(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.referred"
    label = _("Referred to a service")
    definition = _("The case was referred to a service in its district, such as a hospital.")
    number: int
    service: str  # the service's code
    service_kind: str = msgspec.field(name="kind")  # medical, legal_aid, shelter …
    shares_details: bool
    override: str | UnsetType = UNSET  # why details were shared without the reporter's consent


class ReferralUpdated(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.referral_updated"
    label = _("Referral answered")
    definition = _("A service accepted, declined or completed a referral.")
    number: int
    status: str


class HearingRecorded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.hearing_recorded"
    label = _("Hearing recorded")
    definition = _("A court hearing sat; the next date fixed is recorded with it.")
    on: str
    next: str  # "" when no next date was fixed
    court: str


class VerdictRecordedV1(CaseEvent, frozen=True, kw_only=True):
    """Version 1 (until issue 8) also stored ``basis``, an English sentence made from the outcome
    and the day; version 2 leaves it out and the projection makes it."""

    kind: ClassVar[str] = "case.verdict_recorded"
    label = _("Outcome recorded")
    definition = _("How the case ended for some or all accused, from conviction to withdrawal.")
    outcome: str
    accused: tuple[int, ...]
    on: str
    custody: str | None  # what the accused's custody became, by the rules of the time
    basis: str
    flag: bool  # flagged for oversight by the rules of the time
    rules: str


class VerdictRecorded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.verdict_recorded"
    version: ClassVar[int] = 2
    label = VerdictRecordedV1.label
    definition = VerdictRecordedV1.definition
    outcome: str
    accused: tuple[int, ...]  # the accused people it is about, by number
    on: str
    custody: str | None
    flag: bool
    rules: str

    @property
    def basis(self) -> str:
        """What the accused people's custody record says of it."""
        return f"verdict: {self.outcome} ({self.on})"


class LegalBasisRecorded(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.legal_basis_recorded"
    label = _("Legal basis for the police recorded")
    definition = _(
        "A supervisor recorded the legal basis on which the police and prosecutor may read the "
        "protected details without the reporter's consent."
    )
    basis: str  # the law, order or reason, as the supervisor wrote it


class DateCorrected(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.date_corrected"
    label = _("Date corrected")
    definition = _("The day a recorded fact happened was corrected, with a reason.")
    seq: int  # the event whose day is corrected
    on: str
    reason: str


class ClosureRequested(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.closure_requested"
    label = _("Closing requested")
    definition = _(
        "Someone asked to close a case that needs a second person's approval (it has an FIR, or "
        "the reason is a duplicate or a withdrawal); oversight is told."
    )
    reason_code: str  # a code from rules/closure.yaml
    reason: str
    why: tuple[str, ...]  # why approval is needed: "fir_registered", "reason_code"
    on: str | UnsetType = UNSET  # the day it happened, when that was before the day recorded


class ClosureRefused(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.closure_refused"
    label = _("Closing refused")
    definition = _("A second person refused a request to close the case, with a reason.")
    request: int  # the case.closure_requested refused
    reason: str


class ProjectionRepaired(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.projection_repaired"
    label = _("Stored record repaired from the ledger")
    definition = _(
        "An administrator rebuilt the case's stored record and deadlines from its events, after "
        "they were found to differ from the ledger."
    )
    reason: str
    differences: tuple[str, ...]  # what differed, as "table.field" (never a value)


# Missing-child alerts (issue 14). The commands live in nigraan.alerts.workflow (alerts imports
# cases, so cases cannot import alerts); the alert's public row is nigraan.alerts.models.
class AlertDrafted(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.alert_drafted"
    label = _("Alert drafted")
    definition = _("Staff drafted a missing-child alert; a second person must approve it.")
    alert: str  # the alert's own reference (A-2026-0001), never shown with the case's
    content: str  # ciphertext token: the texts in English and Urdu, age, last seen place/time
    # The SHA-256 (hex) of the child's photo as it would be published, when the parent or
    # guardian consented to one; the photo itself is sealed apart (alerts.AlertPhotoRecord).
    photo: str | UnsetType = UNSET


class AlertApproved(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.alert_approved"
    label = _("Alert approved")
    definition = _(
        "A second person, not the one who drafted it, approved the alert, answering every "
        "activation criterion."
    )
    alert: str
    draft: int  # the case.alert_drafted approved
    criteria: str  # the criteria file in force ("alert criteria v1:<digest>")
    answers: dict[str, bool]


class AlertIssued(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.alert_issued"
    label = _("Alert issued")
    definition = _("The approved alert was published and its SMS queued for the subscribers.")
    alert: str
    identifier: str  # the CAP identifier
    radius_km: str  # decimal text: the ledger holds no floats
    queued: int  # SMS queued


class AlertUpdated(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.alert_updated"
    label = _("Alert updated")
    definition = _(
        "The active alert was updated (a new description, a wider circle): a CAP Update "
        "referring to the earlier messages, and SMS queued."
    )
    alert: str
    identifier: str  # the CAP Update's identifier
    radius_km: str  # the circle after the update (decimal text)
    content: str  # ciphertext token of the new texts; empty when only the circle widened
    queued: int


class AlertResolved(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.alert_resolved"
    label = _("Child found")
    definition = _(
        "The child was found: the alert's description was withdrawn and an all-clear sent."
    )
    alert: str
    identifier: str
    queued: int


class AlertCancelled(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.alert_cancelled"
    label = _("Alert cancelled")
    definition = _("The alert was withdrawn, with a reason.")
    alert: str
    identifier: str  # the CAP Cancel's identifier; empty when a draft was cancelled
    reason: str
    queued: int


class PoliceContacted(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.police_contacted"
    label = _("Police contacted the complainant")
    definition = _(
        "Staff or the police recorded that the police contacted the person who reported the "
        "missing child (the Zainab Act's 24-hour clock)."
    )
    how: str  # "visit", "phone" or "station": how the contact was made


class AlertExpired(CaseEvent, frozen=True, kw_only=True):
    kind: ClassVar[str] = "case.alert_expired"
    label = _("Alert expired")
    definition = _(
        "The active alert reached its expiry time and left the public pages; the case team was "
        "told, and may re-issue it."
    )
    alert: str
    identifier: str  # the CAP identifier of its newest message, whose expires passed
