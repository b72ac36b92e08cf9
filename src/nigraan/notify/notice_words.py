"""What each kind of staff notice says, in the language it is read in.

A notice is stored as data (``StaffNotice.kind`` and ``StaffNotice.params``) and put into words
when it is shown: in the viewer's language only, with a title per kind and times in Pakistan time
(the site's ``TIME_ZONE``). Labels that come from the rules files (a deadline's or a closing
reason's title) are stored in both languages when the notice is made, so a notice reads the same
after the rules change. Parameters name a case by its reference and never hold what identifies
a victim, reporter or witness.

Every kind made anywhere is in ``KINDS``: ``Notice`` refuses any other, so a test that walks
``KINDS`` covers every notice the code can make.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ENGLISH = "en"
URDU = "ur"
Params = Mapping[str, Any]


@dataclass(frozen=True)
class Notice:
    """One notice's kind and parameters, before it is stored (JSON-safe values only)."""

    kind: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown notice kind {self.kind!r}: add it to notice_words.KINDS")


@dataclass(frozen=True)
class Words:
    """A notice put into words: a title (what kind of notice) and what it says."""

    title: str
    body: str


@dataclass(frozen=True)
class Kind:
    title: Promise
    body: Callable[[Params], str]


def iso_utc(moment: dt.datetime) -> str:
    """A time as stored in a notice's parameters."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def local_time(value: str) -> str:
    """A stored time in Pakistan time (the site's zone), as the staff pages show times."""
    moment = parse_datetime(value)
    if moment is None:
        return value
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def local_day(value: str) -> str:
    moment = parse_datetime(value)
    return value if moment is None else f"{timezone.localtime(moment):%Y-%m-%d}"


def in_language(params: Params, name: str) -> str:
    """A label stored in both languages (``name`` and ``name_ur``), in the active one."""
    urdu = params.get(f"{name}_ur") or ""
    if translation.get_language() == URDU and urdu:
        return str(urdu)
    return str(params.get(name) or "")


def _deadline_escalated(p: Params) -> str:
    values = {
        "ref": p["ref"],
        "title": in_language(p, "title"),
        "accused": p.get("accused", ""),
        "due": local_time(p["due"]),
    }
    if values["accused"]:
        return (
            _("%(ref)s: missed deadline “%(title)s” (accused %(accused)s) (due %(due)s)") % values
        )
    return _("%(ref)s: missed deadline “%(title)s” (due %(due)s)") % values


def _deadline_warning(p: Params) -> str:
    values = {
        "ref": p["ref"],
        "title": in_language(p, "title"),
        "accused": p.get("accused", ""),
        "day": local_day(p["due"]),
    }
    if values["accused"]:
        return _("%(ref)s: “%(title)s” (accused %(accused)s) runs out on %(day)s") % values
    return _("%(ref)s: “%(title)s” runs out on %(day)s") % values


def _accused_released(p: Params) -> str:
    values = {"ref": p["ref"], "day": p["day"]}
    if p["custody"] == "bailed":
        return _("%(ref)s: an accused person was released on bail on %(day)s") % values
    if p["custody"] == "acquitted":
        return _("%(ref)s: an accused person was acquitted on %(day)s") % values
    return _("%(ref)s: an accused person was released on %(day)s") % values


def _outcome_flagged(p: Params) -> str:
    # The outcome's label comes with the notice in both languages (cases imports notify, not
    # the other way); an older notice without it shows the outcome's code.
    outcome = in_language(p, "outcome_title") or str(p["outcome"])
    text = _("%(ref)s: court outcome “%(outcome)s”, flagged for review") % {
        "ref": p["ref"],
        "outcome": outcome,
    }
    # The rule's reason is in the rules file in English only: English readers see it too.
    if translation.get_language() != URDU and p.get("why"):
        text = f"{text}: {p['why']}"
    return text


def _new_report(p: Params) -> str:
    return _("%(ref)s: new report, not yet assigned") % {"ref": p["ref"]}


def _urgent_report(p: Params) -> str:
    return _("%(ref)s: URGENT new report: the child may be in danger now") % {"ref": p["ref"]}


def _reporter_message(p: Params) -> str:
    if p.get("purpose") == "information":
        return _("%(ref)s: the reporter added information") % {"ref": p["ref"]}
    return _("%(ref)s: the reporter sent a message") % {"ref": p["ref"]}


def _report_flagged(p: Params) -> str:
    parts = []
    if p.get("police_refused"):
        parts.append(_("the police refused to act or did nothing"))
    if p.get("abuser_official"):
        parts.append(_("the abuser is the police or an official"))
    return _("%(ref)s: new report: %(what)s") % {"ref": p["ref"], "what": "; ".join(parts)}


def _closure_requested(p: Params) -> str:
    values = {"ref": p["ref"], "reason": in_language(p, "reason")}
    return _("%(ref)s: closing asked (“%(reason)s”); it needs a second person's approval") % values


def _closure_approved(p: Params) -> str:
    values = {"ref": p["ref"], "reason": in_language(p, "reason")}
    return (
        _("%(ref)s: closed (“%(reason)s”) with a second person's approval; flagged for review")
        % values
    )


def _closure_refused(p: Params) -> str:
    return _("%(ref)s: your request to close was refused") % {"ref": p["ref"]}


def _woman_officer(p: Params) -> str:
    return _(
        "%(ref)s: the reporter asked for a woman officer; assigned to someone not recorded as one "
        "(reason recorded)"
    ) % {"ref": p["ref"]}


def _alert_expired(p: Params) -> str:
    return _(
        "%(ref)s: alert %(alert)s has expired and left the public pages. If the child is still "
        "missing, re-issue it (update the alert); if found, record it."
    ) % {"ref": p["ref"], "alert": p["alert"]}


def _bulk_read(p: Params) -> str:
    return _(
        "%(actor)s read protected details %(reads)s times (%(cases)s cases) within %(minutes)s "
        "minutes"
    ) % {key: p[key] for key in ("actor", "reads", "cases", "minutes")}


def _press_unlinked(p: Params) -> str:
    return _(
        "Press incident %(id)s (%(place)s) was confirmed %(days)s days ago and still has no "
        "case: link it to a case or open one"
    ) % {"id": p["incident"], "place": in_language(p, "place"), "days": p["days"]}


def _ledger_halted(p: Params) -> str:
    # The witness's reason is the verifier's own technical words, in English.
    return _(
        "Ledger signing stopped: %(reason)s Nothing is signed until an administrator has "
        "investigated (docs/ledger.md)."
    ) % {"reason": p["reason"]}


def _projection_differs(p: Params) -> str:
    return _(
        "Case %(ref)s: its stored record (%(table)s, %(field)s) differs from the ledger. Someone "
        "changed the database directly. Investigate, then `nigraan ledger repair --from-ledger "
        "%(ref)s` (docs/ledger.md)."
    ) % {"ref": p["ref"], "table": p["table"], "field": p["field"]}


KINDS: dict[str, Kind] = {
    "deadline_escalated": Kind(
        gettext_lazy("Deadline missed: escalated to you"), _deadline_escalated
    ),
    "deadline_warning": Kind(gettext_lazy("Deadline coming"), _deadline_warning),
    "accused_released": Kind(gettext_lazy("An accused person was released"), _accused_released),
    "outcome_flagged": Kind(gettext_lazy("A court outcome to review"), _outcome_flagged),
    "new_report": Kind(gettext_lazy("New report"), _new_report),
    "new_report_urgent": Kind(gettext_lazy("Urgent new report"), _urgent_report),
    "reporter_message": Kind(gettext_lazy("The reporter wrote"), _reporter_message),
    "report_flagged": Kind(gettext_lazy("A new report for oversight"), _report_flagged),
    "closure_requested": Kind(
        gettext_lazy("Closing needs a second person's approval"), _closure_requested
    ),
    "closure_approved": Kind(gettext_lazy("Case closed with a second approval"), _closure_approved),
    "closure_refused": Kind(gettext_lazy("Your request to close was refused"), _closure_refused),
    "woman_officer_not_given": Kind(
        gettext_lazy("A woman officer was asked for and not given"), _woman_officer
    ),
    "alert_expired": Kind(gettext_lazy("Alert expired"), _alert_expired),
    "bulk_read_alert": Kind(gettext_lazy("Many protected details read"), _bulk_read),
    "press_unlinked": Kind(gettext_lazy("Press incident without a case"), _press_unlinked),
    "integrity_ledger": Kind(gettext_lazy("Integrity alarm"), _ledger_halted),
    "integrity_projection": Kind(gettext_lazy("Integrity alarm"), _projection_differs),
}


def _old_text(text: str) -> str:
    """A notice stored before notices were data: its text was "English · Urdu" (or "English /
    Urdu" for the press), so the reader's half is shown when there is one."""
    for between in (" · ", " / "):
        english, found, urdu = text.partition(between)
        if found:
            return urdu if translation.get_language() == URDU and urdu.strip() else english
    return text


def words(kind: str, params: Params, text: str = "") -> Words:
    """A notice in the active language. A notice with no parameters (made before notices were
    data) falls back to its stored text."""
    known = KINDS.get(kind)
    if known is None or not params:
        title = known.title if known else gettext_lazy("Notice")
        return Words(str(title), _old_text(text))
    return Words(str(known.title), known.body(params))


def words_in(language: str, notice: Notice) -> Words:
    with translation.override(language):
        return words(notice.kind, notice.params)


def english_text(notice: Notice) -> str:
    """The English words, kept in ``StaffNotice.text`` (and in the security log for an alarm)."""
    return words_in(ENGLISH, notice).body[:300]


def email(notice: Notice) -> tuple[str, str]:
    """An email's subject and body: English, then Urdu. Staff record no language preference, so
    a notice's email carries both, each whole (the page shows the reader's language only)."""
    english, urdu = words_in(ENGLISH, notice), words_in(URDU, notice)
    subject = f"Nigraan: {english.title} · {urdu.title}"
    return subject, f"{english.title}\n{english.body}\n\n{urdu.title}\n{urdu.body}\n"
