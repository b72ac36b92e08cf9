"""The alert as a case's part: draft, second-person approval (which issues it), "found" and
cancel. Each step is a command: permission checked, input validated, one ``case.alert_*`` event
appended through ``cases.commands.record_event``, the alert's row (``PublishedAlert``) and the
outbox written, all in one transaction.

These commands live here, not in ``cases/commands/``, because alerts imports cases (events,
crypto, rules) and the layering test refuses the reverse import.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from msgspec import UNSET

from nigraan import clock
from nigraan.accounts.models import Role
from nigraan.accounts.permissions import Action
from nigraan.alerts.areas import AreaInvalid, circle_area, districts_area, last_seen_area
from nigraan.alerts.content import LANGUAGES, AlertArea, Circle, MissingChildAlert
from nigraan.alerts.criteria import current_criteria
from nigraan.alerts.drafts import alert_from_row, clean_draft, clean_texts
from nigraan.alerts.fanout_sql import queue_area_sms
from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.alerts.photo_store import photo_facts, seal_photo
from nigraan.alerts.photos import checked_photo
from nigraan.alerts.published import newest_document, site
from nigraan.alerts.sms_text import SmsTooLong, alert_sms, all_clear_sms, cancel_sms
from nigraan.alerts.webhooks import queue_alert_webhooks
from nigraan.cases import crypto
from nigraan.cases import events as ev
from nigraan.cases.actors import Actor, actor_name, require_permission
from nigraan.cases.commands import (
    CommandRefused,
    case_data_key,
    lock_case,
    reason_text,
    record_event,
)
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import Category

APPROVER_ROLES = (Role.SUPERVISOR, Role.DISTRICT_OFFICER)
ALERT_HOURS = 48
MAX_RADIUS_KM = 500  # as the targeting rules allow
OPEN_STATES = (AlertState.DRAFT, AlertState.ACTIVE, AlertState.EXPIRED)
ISSUED_STATES = (AlertState.ACTIVE, AlertState.EXPIRED)  # an expired alert can be re-issued


def _case_for_alerts(actor: Actor, ref: str, action: Action, *, ending: bool = False) -> Case:
    """The case, locked, if ``actor`` may act on its alerts. A closed case takes no new or wider
    alert; ``ending`` (found, cancel) is allowed on a closed case too, so an alert still public
    can always be withdrawn (a case cannot close while it has one: ``refuse_closing``, but one
    closed before that rule, or by a stored row edited by hand, must not be stuck in public)."""
    case = lock_case(ref)
    require_permission(actor, action, case)
    if case.category != Category.MISSING_CHILD:
        # Also refuses every sexual-violence category: nothing about a child who was also a
        # victim of sexual violence may appear in an alert.
        raise CommandRefused(_("Only a case of a missing or taken child can carry an alert."))
    if not case.is_open and not ending:
        raise CommandRefused(_("This case is closed."))
    return case


def refuse_closing(ref: str) -> None:
    """The closing check (``cases.closing_hooks``): a case whose alert is drafted, public or
    expired (and so may be re-issued) does not close until staff record "found" or cancel it,
    which tells everyone the alert reached."""
    if _open_alert(ref) is not None:
        raise CommandRefused(
            _(
                "This case has a missing-child alert that is not ended: record that the child "
                "was found, or cancel the alert, before closing the case."
            )
        )


def _open_alert(ref: str) -> PublishedAlert | None:
    return PublishedAlert.objects.filter(case_ref=ref, state__in=OPEN_STATES).first()


def _new_reference(now: dt.datetime) -> str:
    prefix = f"A-{now.year}-"
    count = PublishedAlert.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{count + 1:04d}"


@transaction.atomic
def draft_alert(
    actor: Actor, ref: str, fields: dict[str, Any], photo: bytes | None = None
) -> PublishedAlert:
    """Staff draft the alert (texts in English and Urdu, last seen place, time and point, age),
    with a photo if the parent or guardian consents (``fields["photo_consent"]``)."""
    case = _case_for_alerts(actor, ref, Action.ADD_NOTE)
    if _open_alert(ref) is not None:
        raise CommandRefused(_("This case already has an alert that is drafted or active."))
    content = clean_draft(fields)
    picture = checked_photo(photo, consented=_ticked(fields.get("photo_consent")))
    if picture is not None:
        content["photo"] = photo_facts(picture)
    now = clock.now().replace(microsecond=0)  # CAP times are whole seconds
    reference = _new_reference(now)
    token = crypto.seal(case_data_key(case), ref, "alert_content", json.dumps(content))
    sha256 = picture.sha256_hex if picture is not None else UNSET  # the bytes stay sealed
    drafted = ev.AlertDrafted(alert=reference, content=token, photo=sha256)
    case = record_event(case, ref, actor, drafted)
    row = PublishedAlert.objects.create(
        reference=reference,
        case_ref=ref,
        state=AlertState.DRAFT,
        drafted_by=actor_name(actor),
        draft_seq=case.last_seq,
        content=content,
    )
    if picture is not None:
        seal_photo(case, row, picture)
    return row


def _ticked(value: Any) -> bool:
    return str(value or "").lower() in ("1", "true", "on", "yes")


def _identifier(row: PublishedAlert) -> str:
    return f"NGR-{row.reference}-{len(row.messages) + 1}"


def _queue(
    row: PublishedAlert,
    alert: MissingChildAlert,
    identifier: str,
    texts: dict,
    webhook_identifier: str = "",
) -> int:
    """SMS to every subscriber the alert's area reaches (test subscribers only for a drill), and
    the newest CAP document, signed, to the partners it concerns. ``identifier`` is the SMS
    keys' base (an earlier message's to skip those it reached)."""
    districts = row.area.get("districts") or alert.area.district_codes
    queue_alert_webhooks(
        webhook_identifier or identifier, bytes(row.cap_xml), districts, exercise=alert.exercise
    )
    return queue_area_sms(identifier, texts, alert.area, exercise=alert.exercise)


def _store(row: PublishedAlert, identifier: str, sent: dt.datetime) -> None:
    """A new CAP message: made from the row (the same function the public addresses use),
    validated, and kept as issued."""
    row.messages = [*row.messages, [identifier, sent.isoformat()]]
    row.cap_identifier = identifier
    row.cap_xml = newest_document(row).xml


def _approve_checks(
    actor: Actor, row: PublishedAlert | None, answers: dict[str, bool]
) -> tuple[PublishedAlert, str]:
    if row is None or row.state != AlertState.DRAFT:
        raise CommandRefused(_("No drafted alert is waiting for approval on this case."))
    if getattr(actor, "role", None) not in APPROVER_ROLES:
        raise CommandRefused(_("Only a supervisor or a district officer may approve an alert."))
    if row.drafted_by == actor_name(actor):
        raise CommandRefused(
            _("You drafted this alert: another supervisor or district officer must approve it.")
        )
    criteria = current_criteria()
    try:
        unmet = criteria.unmet(answers)
    except KeyError as exc:
        raise CommandRefused(_("Answer the listed criteria only.")) from exc
    if unmet:
        raise CommandRefused(
            _("The alert cannot go out: %(criteria)s")
            % {"criteria": "; ".join(item.question for item in unmet)}
        )
    return row, criteria.stamp


@transaction.atomic
def approve_alert(actor: Actor, ref: str, answers: dict[str, bool]) -> PublishedAlert:
    """A second person approves the draft, answering every criterion; the alert is then issued:
    its CAP document made (schema-validated) and one SMS queued per subscriber it reaches."""
    case = _case_for_alerts(actor, ref, Action.ASSIGN_CASE)
    row, stamp = _approve_checks(actor, _open_alert(ref), answers)
    approval = ev.AlertApproved(
        alert=row.reference, draft=row.draft_seq, criteria=stamp, answers=dict(answers)
    )
    case = record_event(case, ref, actor, approval)
    now = clock.now().replace(microsecond=0)  # CAP times are whole seconds
    area = _issued_area(row, now)
    row.expires = now + dt.timedelta(hours=ALERT_HOURS)
    alert = alert_from_row(row, site())
    identifier = _identifier(row)
    try:
        texts = {lang: alert_sms(alert, lang).text for lang in LANGUAGES}
    except SmsTooLong as exc:
        raise CommandRefused(_("The headline and instruction are too long for an SMS.")) from exc
    row.state, row.issued_at = AlertState.ACTIVE, now
    _store(row, identifier, now)
    row.save()
    queued = _queue(row, alert, identifier, texts)
    radius = f"{area.circle.radius_km:g}" if area.circle else "0"  # 0: chosen districts
    issued = ev.AlertIssued(
        alert=row.reference, identifier=identifier, radius_km=radius, queued=queued
    )
    record_event(case, ref, actor, issued)
    return row


def _issued_area(row: PublishedAlert, now: dt.datetime) -> AlertArea:
    """The area on approval, kept in the row: the districts chosen in the draft, or else the
    circle around the last-seen point as wide as the targeting rules say for the time since."""
    content = row.content
    try:
        if content.get("districts"):
            area = districts_area(content["districts"])
        else:
            area = last_seen_area(content["lat"], content["lon"], _seen(content), now)
    except AreaInvalid as exc:
        raise CommandRefused(str(exc)) from exc
    row.area = {
        "lat": content["lat"],
        "lon": content["lon"],
        "radius_km": area.circle.radius_km if area.circle else 0,
        "districts": list(area.district_codes),
        **({} if area.circle else {"chosen": True}),
    }
    return area


def _seen(content: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(content["last_seen_at"])


def _withdraw_description(row: PublishedAlert) -> None:
    """The child's description and photo leave the row (and so the page, the feed, CAP and the
    photo's address) at once."""
    texts = {lang: {**text, "description": ""} for lang, text in row.content["texts"].items()}
    content = {key: value for key, value in row.content.items() if key != "photo"}
    row.content = {**content, "texts": texts}


@transaction.atomic
def alert_found(actor: Actor, ref: str) -> PublishedAlert:
    """The child was found: an all-clear (CAP Update, AllClear) replaces the alert, the
    description is withdrawn, and everyone the alert reached gets an all-clear SMS."""
    case = _case_for_alerts(actor, ref, Action.ADD_NOTE, ending=True)
    row = _open_alert(ref)
    if row is None or row.state not in ISSUED_STATES:
        raise CommandRefused(_("This case has no active alert."))
    alert = alert_from_row(row, site())
    now = clock.now().replace(microsecond=0)  # CAP times are whole seconds
    identifier = _identifier(row)
    texts = {lang: all_clear_sms(alert, lang).text for lang in LANGUAGES}
    _withdraw_description(row)
    row.state = AlertState.FOUND
    _store(row, identifier, now)
    row.expires = max(row.expires or now, now + dt.timedelta(hours=6))
    row.save()
    queued = _queue(row, alert, identifier, texts)
    event = ev.AlertResolved(alert=row.reference, identifier=identifier, queued=queued)
    record_event(case, ref, actor, event)
    return row


@transaction.atomic
def cancel_alert(actor: Actor, ref: str, reason: str) -> PublishedAlert:
    """Withdraw a drafted or active alert, with a reason. An active one gets a CAP Cancel and
    everyone it reached a withdrawal SMS."""
    case = _case_for_alerts(actor, ref, Action.ADD_NOTE, ending=True)
    reason = reason_text(reason, required=True)
    row = _open_alert(ref)
    if row is None:
        raise CommandRefused(_("This case has no drafted or active alert."))
    identifier, queued = "", 0
    was_active = row.state in ISSUED_STATES
    alert = alert_from_row(row, site()) if was_active else None
    _withdraw_description(row)
    row.content = {**row.content, "cancel_reason": reason}
    row.state = AlertState.CANCELLED
    if alert is not None:
        now = clock.now().replace(microsecond=0)  # CAP times are whole seconds
        identifier = _identifier(row)
        texts = {lang: cancel_sms(alert, lang, reason).text for lang in LANGUAGES}
        row.expires = max(row.expires or now, now + dt.timedelta(hours=6))
        _store(row, identifier, now)
        queued = _queue(row, alert, identifier, texts)
    row.save()
    event = ev.AlertCancelled(
        alert=row.reference, identifier=identifier, reason=reason, queued=queued
    )
    record_event(case, ref, actor, event)
    return row


def _widened(row: PublishedAlert, radius: str) -> float:
    """The new radius (km), never smaller than the current one; the districts follow."""
    current = float(row.area["radius_km"])
    if not radius.strip():
        return current
    if row.area.get("chosen"):
        raise CommandRefused(_("This alert goes to chosen districts: it has no circle to widen."))
    try:
        wider = float(radius)
    except ValueError as exc:
        raise CommandRefused(_("The radius must be a number of kilometres.")) from exc
    if not current <= wider <= MAX_RADIUS_KM:
        raise CommandRefused(
            _("The circle can only grow, up to %(max)d km.") % {"max": MAX_RADIUS_KM}
        )
    return wider


@transaction.atomic
def update_alert(
    actor: Actor, ref: str, fields: dict[str, Any], radius_km: str = ""
) -> PublishedAlert:
    """Update an active alert in one step: new texts (each field given replaces the current one)
    and/or a wider circle. A CAP Update referring to every earlier message is issued. A new
    description goes by SMS to everyone in the circle; a circle that only widened reaches the
    newly covered alone (the first message's keys skip those already reached). Every update
    keeps the alert up for another ``ALERT_HOURS``; an expired alert is re-issued by one, even
    with nothing changed (those it reached get no second SMS)."""
    case = _case_for_alerts(actor, ref, Action.ASSIGN_CASE)
    row = _open_alert(ref)
    if row is None or row.state not in ISSUED_STATES:
        raise CommandRefused(_("This case has no active alert."))
    texts = clean_texts(fields, row.content["texts"])
    changed = texts != row.content["texts"]
    radius = _widened(row, radius_km)
    reissue = row.state == AlertState.EXPIRED
    if not changed and not reissue and radius == float(row.area["radius_km"]):
        raise CommandRefused(_("Nothing to update: change a text or widen the circle."))
    if not row.area.get("chosen"):  # chosen districts stay as chosen
        area = circle_area(Circle(row.area["lat"], row.area["lon"], radius))
        row.area = {**row.area, "radius_km": radius, "districts": list(area.district_codes)}
    row.content = {**row.content, "texts": texts}
    now = clock.now().replace(microsecond=0)  # CAP times are whole seconds
    row.state = AlertState.ACTIVE
    row.expires = max(row.expires or now, now + dt.timedelta(hours=ALERT_HOURS))
    identifier = _identifier(row)
    alert = alert_from_row(row, site())
    try:
        sms = {lang: alert_sms(alert, lang).text for lang in LANGUAGES}
    except SmsTooLong as exc:
        raise CommandRefused(_("The headline and instruction are too long for an SMS.")) from exc
    _store(row, identifier, now)
    row.save()
    key_base = identifier if changed else row.messages[0][0]
    queued = _queue(row, alert, key_base, sms, webhook_identifier=identifier)
    token = crypto.seal(case_data_key(case), ref, "alert_content", json.dumps(texts))
    event = ev.AlertUpdated(
        alert=row.reference,
        identifier=identifier,
        radius_km=f"{radius:g}",
        content=token if changed else "",
        queued=queued,
    )
    record_event(case, ref, actor, event)
    return row
