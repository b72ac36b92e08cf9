"""The words of the notices and SMS messages commands send, in one place, through gettext.

Each text is made in each language it is sent in (``translation.override``), whatever language
the request that caused it was in. What recipients receive is as before this module: staff
notices of deadlines read in English with the Urdu title after them; the oversight notices of a
release or a flagged outcome in English; the reporter's message and SMS in English, then Urdu.
(A later issue sends each person notices in their own language.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _

ENGLISH = "en"
URDU = "ur"


def _in(language: str, make: Callable[[], str]) -> str:
    with translation.override(language):
        return make()


def deadline_escalated(
    *, ref: str, title: str, title_ur: str, accused: str, due_at: dt.datetime
) -> str:
    """To the people at the level a missed deadline escalated to."""
    values = {"ref": ref, "title": title, "accused": accused, "due": f"{due_at:%Y-%m-%d %H:%M}"}
    english = _in(
        ENGLISH,
        lambda: (
            _(
                "%(ref)s: missed deadline “%(title)s” (accused %(accused)s) (due %(due)s UTC), "
                "escalated to you"
            )
            if accused
            else _("%(ref)s: missed deadline “%(title)s” (due %(due)s UTC), escalated to you")
        )
        % values,
    )
    urdu = _in(URDU, lambda: _("Deadline missed: %(title)s") % {"title": title_ur})
    return f"{english} · {urdu if title_ur else ''}"


def deadline_warning(
    *, ref: str, title: str, title_ur: str, accused: str, due_at: dt.datetime
) -> str:
    """To the case's owner and supervisors, once, before a deadline runs out."""
    values = {"ref": ref, "title": title, "accused": accused, "day": f"{due_at:%Y-%m-%d}"}
    english = _in(
        ENGLISH,
        lambda: (
            _("%(ref)s: “%(title)s” (accused %(accused)s) runs out on %(day)s")
            if accused
            else _("%(ref)s: “%(title)s” runs out on %(day)s")
        )
        % values,
    )
    urdu = _in(URDU, lambda: _("Deadline coming: %(title)s") % {"title": title_ur})
    return f"{english} · {urdu if title_ur else ''}"


def accused_released(*, ref: str, custody: str, day: str) -> str:
    """To oversight: an accused person was bailed, released or acquitted."""
    return _in(
        ENGLISH,
        lambda: _("%(ref)s: an accused person was %(custody)s on %(day)s")
        % {"ref": ref, "custody": custody, "day": day},
    )


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


def outcome_flagged(*, ref: str, why: str) -> str:
    """To oversight: an outcome the rules flag (``why`` is the rule's own words)."""
    return _in(ENGLISH, lambda: _("%(ref)s: %(why)s") % {"ref": ref, "why": why})[:300]


def new_report(*, ref: str, urgent: bool) -> str:
    """To the staff who work the case's place when a report arrives (by any channel)."""
    english = _in(
        ENGLISH,
        lambda: (
            _("%(ref)s: URGENT new report: the child may be in danger now")
            if urgent
            else _("%(ref)s: new report, not yet assigned")
        )
        % {"ref": ref},
    )
    urdu = _in(
        URDU,
        lambda: _("Urgent new report") if urgent else _("New report"),
    )
    return f"{english} · {urdu}"


def reporter_wrote(*, ref: str, purpose: str) -> str:
    """To the case's owner (or its supervisors) when the reporter writes or adds information."""
    english = _in(
        ENGLISH,
        lambda: (
            _("%(ref)s: the reporter added information")
            if purpose == "information"
            else _("%(ref)s: the reporter sent a message")
        )
        % {"ref": ref},
    )
    urdu = _in(URDU, lambda: _("The reporter wrote"))
    return f"{english} · {urdu}"


def closure_requested(*, ref: str, reason_code: str) -> str:
    """To the supervisors, district officers and oversight of the case's place."""
    english = _in(
        ENGLISH,
        lambda: _("%(ref)s: closing asked (%(code)s); it needs a second person's approval")
        % {"ref": ref, "code": reason_code},
    )
    urdu = _in(URDU, lambda: _("Closing needs a second person's approval"))
    return f"{english} · {urdu}"


def closure_approved(*, ref: str, reason_code: str) -> str:
    """To oversight: a closing that needed a second person was approved; the case is flagged."""
    english = _in(
        ENGLISH,
        lambda: _("%(ref)s: closed (%(code)s) with a second person's approval; flagged for review")
        % {"ref": ref, "code": reason_code},
    )
    urdu = _in(URDU, lambda: _("Case closed with a second approval"))
    return f"{english} · {urdu}"


def closure_refused(*, ref: str) -> str:
    """To the person who asked to close, when a second person refused."""
    english = _in(ENGLISH, lambda: _("%(ref)s: your request to close was refused") % {"ref": ref})
    urdu = _in(URDU, lambda: _("Your request to close was refused"))
    return f"{english} · {urdu}"


def woman_officer_not_given(*, ref: str) -> str:
    """To oversight: the reporter asked for a woman officer and the owner is not recorded as one."""
    english = _in(
        ENGLISH,
        lambda: _(
            "%(ref)s: the reporter asked for a woman officer; assigned to someone not recorded "
            "as one (reason recorded)"
        )
        % {"ref": ref},
    )
    urdu = _in(URDU, lambda: _("A woman officer was asked for and not given"))
    return f"{english} · {urdu}"


def intake_flag(*, ref: str, police_refused: bool, abuser_official: bool) -> str:
    """To oversight when a report arrives: the police refused, or the abuser is an official."""

    def english_text() -> str:
        parts = []
        if police_refused:
            parts.append(_("the police refused to act or did nothing"))
        if abuser_official:
            parts.append(_("the abuser is the police or an official"))
        return _("%(ref)s: new report: %(what)s") % {"ref": ref, "what": "; ".join(parts)}

    urdu = _in(URDU, lambda: _("A new report for oversight"))
    return f"{_in(ENGLISH, english_text)} · {urdu}"
