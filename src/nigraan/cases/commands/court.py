"""The court: hearings, and how the case ended for each accused person."""

from __future__ import annotations

from datetime import date as dt_date

from django.db import transaction
from django.utils.translation import gettext as _

from nigraan import clock
from nigraan.accounts.permissions import Action
from nigraan.cases import events as ev
from nigraan.cases import notices_text
from nigraan.cases.actors import Actor, require_permission
from nigraan.cases.commands.core import (
    CommandRefused,
    _choice,
    _clean_text,
    _lock_case,
    _optional_past_date,
    _parse_day,
    _past_date,
    _record,
)
from nigraan.cases.commands.reporter import tell_reporter_of_release
from nigraan.cases.models import Case
from nigraan.cases.pipeline import OutcomeRule, Pipeline, current_pipeline
from nigraan.cases.vocabulary import Outcome, Stage
from nigraan.notify.notices import notify_role

COURT_STAGES = (Stage.CHALLAN_SUBMITTED, Stage.TRIAL, Stage.VERDICT, Stage.APPEAL)
MAX_COURT_CHARS = 200


@transaction.atomic
def record_hearing(actor: Actor, ref: str, *, on: str, next_on: str = "", court: str = "") -> Case:
    """Record a court hearing (the day it sat, the next date fixed, which court)."""
    case = _lock_case(ref)
    require_permission(actor, Action.RECORD_COURT_EVENT, case)
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    if case.stage not in COURT_STAGES:
        raise CommandRefused(_("Hearings are recorded once the challan is in court."))
    day = _past_date(on)
    following = ""
    if next_on:
        parsed = _parse_day(str(next_on).strip())
        if parsed <= dt_date.fromisoformat(day):
            raise CommandRefused(_("The next hearing must be after this one."))
        following = parsed.isoformat()
    court = _clean_text(court, _("The court"), required=False, limit=MAX_COURT_CHARS)
    return _record(case, ref, actor, ev.HearingRecorded(on=day, next=following, court=court))


def _verdict_accused(
    case: Case, outcome: str, rule: OutcomeRule, pipeline: Pipeline, accused: list[int] | None
) -> list[int]:
    """The accused people a verdict is about (all of them when none are named), checked."""
    after_trial = Stage.VERDICT in pipeline.next_stages(
        case.stage, case.district_id, case.province_id
    )
    if outcome in (Outcome.CONVICTION, Outcome.ACQUITTAL) and not after_trial:
        raise CommandRefused(
            _(
                "A conviction or acquittal is recorded at the end of a trial: record the trial "
                "first."
            )
        )
    known = [person["number"] for person in case.accused]
    numbers = sorted({int(n) for n in (accused or [])}) or known
    if rule.custody and not numbers:
        raise CommandRefused(
            _("Add the accused person first: a conviction or acquittal is of a person.")
        )
    if set(numbers) - set(known):
        raise CommandRefused(_("No accused person has that number on this case."))
    return numbers


@transaction.atomic
def record_verdict(
    actor: Actor, ref: str, *, outcome: str, accused: list[int] | None = None, on: str | None = None
) -> Case:
    """Record how the case ended for some or all accused: conviction or acquittal after a trial;
    withdrawal, "compromise" or marriage to the accused at any stage (flagged for oversight, as
    rules/pipeline.yaml says). Conviction and acquittal set those people's custody; an acquittal
    tells the reporter, as a release does."""
    case = _lock_case(ref)
    require_permission(actor, Action.RECORD_COURT_EVENT, case)
    if not case.is_open:
        raise CommandRefused(_("This case is closed."))
    outcome = _choice(outcome, Outcome, _("outcome"))
    pipeline = current_pipeline()
    rule = pipeline.outcomes[outcome]
    numbers = _verdict_accused(case, outcome, rule, pipeline, accused)
    day = _optional_past_date(on) or clock.today().isoformat()
    event = ev.VerdictRecorded(
        outcome=outcome,
        accused=tuple(numbers),
        on=day,
        custody=rule.custody,
        flag=bool(rule.flag),
        rules=pipeline.stamp,
    )
    case = _record(case, ref, actor, event)
    if rule.flag:
        notice = notices_text.outcome_flagged(ref=case.ref, outcome=outcome, why=rule.flag)
        notify_role(case, "oversight", notice, key=f"outcome:{ref}:{case.last_seq}")
    if rule.custody == "acquitted":
        tell_reporter_of_release(case, "acquitted", day)
    return case
