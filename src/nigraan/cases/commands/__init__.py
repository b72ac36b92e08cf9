"""The one way in for every change to a case.

Each command validates its input, checks permission, appends typed events through the ledger and
updates the projection, all in one transaction: it either happens whole or not at all. Views, SMS
handlers, imports and the demo all call these; nobody writes events by hand.

One module per domain, every public name re-exported here (``commands.open_case``):

- ``core``: the refusal a person can act on, input cleaning, the case lock, ``_record``;
- ``intake``: opening a case;
- ``assignment``: the owner, notes;
- ``corrections``: a field, or the day a fact happened;
- ``stages``: the pipeline and closing;
- ``closing``: closings that need a second person's approval;
- ``custody``: the accused, their custody, charges;
- ``court``: hearings and verdicts;
- ``referrals``: services, and the legal basis for the police and prosecutor to read;
- ``reporter``: protected reads, erasure, the conversation with the reporter;
- ``escalation``: missed and coming deadlines;
- ``triage``: placing a report that has no district;
- ``police_contact``: the police contacting a missing child's complainant (the Zainab Act).
- ``repair``: rebuilding a case's stored record from the ledger (administrators).

Notice and SMS wording lives in ``nigraan.cases.notices_text``.
"""

from nigraan.cases.commands.assignment import add_note, assign_case
from nigraan.cases.commands.closing import (
    SECOND_PERSON_CODES,
    PendingClosure,
    closure_needs_approval,
    decide_closure,
    pending_closure,
    request_closure,
)
from nigraan.cases.commands.core import (
    MAX_PROTECTED_CHARS,
    MAX_REASON_CHARS,
    CaseLocation,
    CommandRefused,
    case_data_key,
    lock_case,
    reason_text,
    record_event,
)
from nigraan.cases.commands.corrections import DATE_EVENTS, correct_date, correct_field
from nigraan.cases.commands.court import COURT_STAGES, record_hearing, record_verdict
from nigraan.cases.commands.custody import (
    ACCUSED_RELATIONS,
    add_accused,
    record_charge,
    record_custody,
)
from nigraan.cases.commands.escalation import (
    DEADLINE_SWEEPER_NAME,
    escalate_deadline,
    warn_deadline,
)
from nigraan.cases.commands.intake import open_case
from nigraan.cases.commands.police_contact import CONTACT_WAYS, record_police_contact
from nigraan.cases.commands.referrals import (
    REFERRAL_MOVES,
    record_legal_basis,
    refer_case,
    update_referral,
)
from nigraan.cases.commands.repair import repair_from_ledger
from nigraan.cases.commands.reporter import (
    MAX_MESSAGE_CHARS,
    NOTIFIER_NAME,
    ProtectedRead,
    add_reporter_message,
    pending_shred,
    read_protected,
    reply_to_reporter,
    reporter_conversation,
    request_shred,
    shred_case,
    tell_reporter_of_release,
)
from nigraan.cases.commands.stages import next_stages, record_stage
from nigraan.cases.commands.triage import place_case

__all__ = [
    "case_data_key",
    "lock_case",
    "reason_text",
    "record_event",
    "ACCUSED_RELATIONS",
    "CONTACT_WAYS",
    "COURT_STAGES",
    "DATE_EVENTS",
    "DEADLINE_SWEEPER_NAME",
    "MAX_MESSAGE_CHARS",
    "MAX_PROTECTED_CHARS",
    "MAX_REASON_CHARS",
    "NOTIFIER_NAME",
    "SECOND_PERSON_CODES",
    "REFERRAL_MOVES",
    "CaseLocation",
    "CommandRefused",
    "PendingClosure",
    "ProtectedRead",
    "add_accused",
    "add_note",
    "add_reporter_message",
    "assign_case",
    "closure_needs_approval",
    "correct_date",
    "correct_field",
    "decide_closure",
    "escalate_deadline",
    "next_stages",
    "open_case",
    "pending_closure",
    "place_case",
    "read_protected",
    "repair_from_ledger",
    "record_charge",
    "record_custody",
    "record_hearing",
    "record_legal_basis",
    "record_police_contact",
    "record_stage",
    "record_verdict",
    "refer_case",
    "request_closure",
    "reply_to_reporter",
    "reporter_conversation",
    "pending_shred",
    "request_shred",
    "shred_case",
    "tell_reporter_of_release",
    "update_referral",
    "warn_deadline",
]
