"""Words for event kinds on staff pages."""

from django.utils.translation import gettext_lazy as _

from nigraan.cases import projection as p

EVENT_LABELS = {
    p.OPENED: _("Report received"),
    p.ASSIGNED: _("Assigned"),
    p.NOTE_ADDED: _("Note added"),
    p.FIELD_CORRECTED: _("Field corrected"),
    p.STAGE_RECORDED: _("Stage reached"),
    p.PROTECTED_READ: _("Protected details read"),
    p.SHREDDED: _("Protected details erased"),
    p.REPORTER_MESSAGE: _("Message from the reporter"),
    p.REPLY_TO_REPORTER: _("Reply to the reporter"),
    p.DEADLINE_ESCALATED: _("Deadline missed: escalated"),
    p.ACCUSED_ADDED: _("Accused person recorded"),
    p.CUSTODY_CHANGED: _("Custody changed"),
    p.CHARGE_RECORDED: _("Charge recorded"),
    p.REFERRED: _("Referred to a service"),
    p.REFERRAL_UPDATED: _("Referral answered"),
    p.HEARING_RECORDED: _("Hearing recorded"),
    p.VERDICT_RECORDED: _("Outcome recorded"),
    p.DATE_CORRECTED: _("Date corrected"),
}
