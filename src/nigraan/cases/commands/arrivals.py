"""Who is told when something arrives from outside: a new report (by any channel) and a
reporter's message. Nothing that arrives may wait unseen for a deadline to escalate it, so each
arrival ends in a notice to someone who can act, widening until someone is found (nobody holding
a role in a place is itself a gap, and the wider circle hears of it). Runs inside the command's
transaction, so the notices commit with the event or not at all."""

from __future__ import annotations

from nigraan.accounts.models import Role
from nigraan.cases import notices_text
from nigraan.cases.models import Case
from nigraan.notify.notice_words import Notice
from nigraan.notify.notices import notify_person, notify_role, notify_roles_everywhere

POLICE_REFUSED = "refused_or_nothing"  # the report fact ``police``: the police refused
ABUSER_OFFICIAL = "police_or_official"  # the report fact ``abuser_relation``

# The people who work a new report, nearest first; the first circle with anyone in it is told.
NEW_REPORT_CIRCLES: tuple[tuple[str, ...], ...] = (
    (Role.CASE_WORKER, Role.SUPERVISOR),
    (Role.DISTRICT_OFFICER,),
    (Role.OVERSIGHT,),
)


def _tell_circles(case: Case, circles: tuple[tuple[str, ...], ...], notice: Notice) -> int:
    for circle in circles:
        told = sum(notify_role(case, role, notice) for role in circle)
        if told:
            return told
    # No one covers the case's place at all: every administrator and oversight member hears.
    return notify_roles_everywhere([Role.OVERSIGHT, Role.ADMINISTRATOR], notice)


def announce_new_case(case: Case) -> int:
    """Tell the staff of the case's place that a report arrived; when the reporter said a child
    is in danger now, the supervisors are also emailed at once. Returns how many were told."""
    announce_intake_flags(case)
    urgent = case.report.get("in_danger_now") is True
    notice = notices_text.new_report(ref=case.ref, urgent=urgent)
    if urgent:
        notify_role(case, Role.SUPERVISOR, notice, key=f"urgent-report:{case.ref}")
        return _tell_circles(case, ((Role.CASE_WORKER,),) + NEW_REPORT_CIRCLES[1:], notice)
    return _tell_circles(case, NEW_REPORT_CIRCLES, notice)


def announce_reporter_message(case: Case, purpose: str) -> int:
    """Tell the case's owner that the reporter wrote; with no owner (or one who can no longer
    see the case), its supervisors, and wider if there are none."""
    notice = notices_text.reporter_wrote(ref=case.ref, purpose=purpose)
    if case.owner is not None and notify_person(case.owner, case, notice):
        return 1
    return _tell_circles(case, ((Role.SUPERVISOR,), *NEW_REPORT_CIRCLES[1:]), notice)


def intake_flags(report: dict[str, object]) -> tuple[bool, bool]:
    """(the police refused or did nothing, the abuser is the police or an official)."""
    return report.get("police") == POLICE_REFUSED, report.get("abuser_relation") == ABUSER_OFFICIAL


def announce_intake_flags(case: Case) -> int:
    """Oversight hears at once of a report saying the police refused to act, or naming the
    police or an official as the abuser (nationally when nobody oversees the place)."""
    police_refused, abuser_official = intake_flags(case.report)
    if not (police_refused or abuser_official):
        return 0
    notice = notices_text.intake_flag(
        ref=case.ref, police_refused=police_refused, abuser_official=abuser_official
    )
    told = notify_role(case, Role.OVERSIGHT, notice)
    return told or notify_roles_everywhere([Role.OVERSIGHT], notice)


def announce_placed(case: Case) -> int:
    """A report placed in a district by triage reaches that district's staff as a new one."""
    urgent = case.report.get("in_danger_now") is True
    return _tell_circles(
        case, NEW_REPORT_CIRCLES, notices_text.new_report(ref=case.ref, urgent=urgent)
    )
