"""What a case's stage means, in words a reporter understands."""

from django.utils.translation import gettext as _

from nigraan.cases.vocabulary import Stage


def stage_sentence(stage: str, is_open: bool) -> str:
    sentences: dict[str, str] = {
        Stage.RECEIVED: _(
            "We have received your report. A child-protection officer will be given your case soon."
        ),
        Stage.TRIAGED: _("Your report has been read and checked."),
        Stage.ASSIGNED: _("An officer is now responsible for your case."),
        Stage.MEDICAL_EXAMINATION: _("A medical examination has been arranged."),
        Stage.FIR_REGISTERED: _("The police have registered an FIR."),
        Stage.FIR_REFUSED: _(
            "The police refused to register an FIR. This is recorded and is being followed up."
        ),
        Stage.INVESTIGATION: _("The police are investigating."),
        Stage.CHALLAN_SUBMITTED: _("The police have sent the charge sheet (challan) to court."),
        Stage.TRIAL: _("The case is being heard in court."),
        Stage.VERDICT: _("The court has given its decision."),
        Stage.APPEAL: _("The decision has been appealed."),
        Stage.CLOSED: _("The case is closed."),
    }
    return sentences.get(stage, _("Your case is being handled."))
