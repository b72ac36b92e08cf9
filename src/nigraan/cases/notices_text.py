"""What the notices commands send say: staff notices as data (a kind and its parameters, put
into the reader's language when shown, by nigraan.notify.notice_words), and the reporter's
message and SMS of a release, made through gettext in English, then Urdu, whatever language the
request that caused them was in.

A staff notice's parameters name the case by its reference and carry labels (a deadline's or a
closing reason's title) in both languages; never a victim's, reporter's or witness's details.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _

from nigraan.cases.offences import closure_reason_titles
from nigraan.cases.vocabulary import Outcome
from nigraan.notify.notice_words import Notice, iso_utc

ENGLISH = "en"
URDU = "ur"


def _in(language: str, make: Callable[[], str]) -> str:
    with translation.override(language):
        return make()


def _deadline(
    kind: str,
    *,
    ref: str,
    rule_id: str,
    title: str,
    title_ur: str,
    accused: str,
    due_at: dt.datetime,
) -> Notice:
    return Notice(
        kind,
        {
            "ref": ref,
            "rule": rule_id,
            "title": title,
            "title_ur": title_ur,
            "accused": accused,
            "due": iso_utc(due_at),
        },
    )


def deadline_escalated(
    *, ref: str, rule_id: str, title: str, title_ur: str, accused: str, due_at: dt.datetime
) -> Notice:
    """To the people at the level a missed deadline escalated to."""
    return _deadline(
        "deadline_escalated",
        ref=ref,
        rule_id=rule_id,
        title=title,
        title_ur=title_ur,
        accused=accused,
        due_at=due_at,
    )


def deadline_warning(
    *, ref: str, rule_id: str, title: str, title_ur: str, accused: str, due_at: dt.datetime
) -> Notice:
    """To the case's owner and supervisors, once, before a deadline runs out."""
    return _deadline(
        "deadline_warning",
        ref=ref,
        rule_id=rule_id,
        title=title,
        title_ur=title_ur,
        accused=accused,
        due_at=due_at,
    )


def accused_released(*, ref: str, custody: str, day: str) -> Notice:
    """To oversight: an accused person was bailed, released or acquitted."""
    return Notice("accused_released", {"ref": ref, "custody": custody, "day": day})


def _release_sentence(custody: str, day: str) -> str:
    if custody == "bailed":
        return _("An accused person in your case was released on bail on %(day)s.") % {"day": day}
    return _("An accused person in your case was released on %(day)s.") % {"day": day}


def release_message_to_reporter(*, custody: str, day: str) -> str:
    """What the reporter reads on the follow-up page when an accused person is let go."""

    def make() -> str:
        answer = _("You can write to the officer here.")
        return f"{_release_sentence(custody, day)} {answer}"

    return f"{_in(ENGLISH, make)} {_in(URDU, make)}"


def release_sms_to_reporter(*, custody: str, day: str) -> str:
    """The SMS a reporter who gave a phone number gets when an accused person is let go."""

    def make() -> str:
        return _("Nigraan: %(message)s") % {"message": _release_sentence(custody, day)}

    return f"{_in(ENGLISH, make)} {_in(URDU, make)}"


def outcome_flagged(*, ref: str, outcome: str, why: str) -> Notice:
    """To oversight: an outcome the rules flag (``why`` is the rule's own words, in English)."""
    label = dict(Outcome.choices).get(outcome, outcome)
    return Notice(
        "outcome_flagged",
        {
            "ref": ref,
            "outcome": outcome,
            "outcome_title": _in(ENGLISH, lambda: str(label)),
            "outcome_title_ur": _in(URDU, lambda: str(label)),
            "why": why[:300],
        },
    )


def new_report(*, ref: str, urgent: bool) -> Notice:
    """To the staff who work the case's place when a report arrives (by any channel)."""
    return Notice("new_report_urgent" if urgent else "new_report", {"ref": ref})


def reporter_wrote(*, ref: str, purpose: str) -> Notice:
    """To the case's owner (or its supervisors) when the reporter writes or adds information."""
    return Notice("reporter_message", {"ref": ref, "purpose": purpose})


def _closing(kind: str, ref: str, reason_code: str) -> Notice:
    title, title_ur = closure_reason_titles(reason_code)
    return Notice(
        kind, {"ref": ref, "reason_code": reason_code, "reason": title, "reason_ur": title_ur}
    )


def closure_requested(*, ref: str, reason_code: str) -> Notice:
    """To the supervisors, district officers and oversight of the case's place."""
    return _closing("closure_requested", ref, reason_code)


def closure_approved(*, ref: str, reason_code: str) -> Notice:
    """To oversight: a closing that needed a second person was approved; the case is flagged."""
    return _closing("closure_approved", ref, reason_code)


def closure_refused(*, ref: str) -> Notice:
    """To the person who asked to close, when a second person refused."""
    return Notice("closure_refused", {"ref": ref})


def woman_officer_not_given(*, ref: str) -> Notice:
    """To oversight: the reporter asked for a woman officer and the owner is not recorded as one."""
    return Notice("woman_officer_not_given", {"ref": ref})


def intake_flag(*, ref: str, police_refused: bool, abuser_official: bool) -> Notice:
    """To oversight when a report arrives: the police refused, or the abuser is an official."""
    return Notice(
        "report_flagged",
        {"ref": ref, "police_refused": police_refused, "abuser_official": abuser_official},
    )
