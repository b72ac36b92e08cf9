"""The CAP messages of one missing-child alert: alert, update, cancel and all-clear (and each of
them as an exercise when the alert is a drill), as validated CAP 1.2 documents.

Choices, following the OASIS AMBER example and AMBER practice (docs/alerts.md has the table):
``category`` Rescue, and Security as well when the child is believed taken; ``event`` "Child
Abduction" or "Missing Child"; urgency Immediate, severity Severe, certainty Likely; one ``info``
per language (en-US, ur). A cancel and an all-clear carry no description, no photo and no age:
they withdraw them. An all-clear is an Update with responseType AllClear (people learn that the
child was found); a cancel is a Cancel with the reason (the alert was withdrawn).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from nigraan.alerts.cap_checks import CapInvalid
from nigraan.alerts.cap_model import (
    CapArea,
    CapCircle,
    CapInfo,
    CapMessage,
    CapResource,
    Category,
    Certainty,
    MessageRef,
    MsgType,
    ResponseType,
    Severity,
    Status,
    Urgency,
    ValuePair,
    cap_time,
)
from nigraan.alerts.cap_xml import CapDocument, cap_document
from nigraan.alerts.content import CAP_LANGUAGE, LANGUAGES, MissingChildAlert, Publisher

PCODE = "PCODE"  # geocode valueName: OCHA COD-AB P-codes, as nigraan.geo keeps them (PK702)
_DISTRICT_PCODE = re.compile(r"^PK\d{3}$")
# A withdrawal or all-clear stays in the feed at least this long, so every reader sees it.
CLOSING_NOTICE = dt.timedelta(hours=6)


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise CapInvalid("times need a time zone")
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(microsecond=0)


def _status(alert: MissingChildAlert) -> Status:
    return Status.EXERCISE if alert.exercise else Status.ACTUAL


def _check_alert(alert: MissingChildAlert) -> None:
    if set(alert.texts) != set(LANGUAGES):
        raise CapInvalid(f"texts: an alert is written in {', '.join(LANGUAGES)}")
    if set(alert.web) != set(LANGUAGES) or set(alert.contact) != set(LANGUAGES):
        raise CapInvalid("web and contact: one for each language")
    if not 0 <= alert.child_age_years < 18:
        raise CapInvalid("child_age_years: a child is under 18 (Zainab Act 2020)")
    bad = [code for code in alert.area.district_codes if not _DISTRICT_PCODE.match(code)]
    if bad:
        raise CapInvalid(f"area: not district P-codes: {bad}")
    if alert.photo is not None and not alert.photo.consented:
        raise CapInvalid("photo: published only with the guardian's recorded consent")


def _event(alert: MissingChildAlert) -> str:
    return gettext("Child Abduction") if alert.abducted else gettext("Missing Child")


def _categories(alert: MissingChildAlert) -> tuple[Category, ...]:
    return (Category.RESCUE, Category.SECURITY) if alert.abducted else (Category.RESCUE,)


def _area(alert: MissingChildAlert, language: str) -> CapArea:
    circle = alert.area.circle
    return CapArea(
        description=alert.texts[language].area_description,
        polygons=alert.area.polygons,
        circles=(CapCircle(circle.lat, circle.lon, circle.radius_km),) if circle else (),
        geocodes=tuple(ValuePair(PCODE, code) for code in alert.area.district_codes),
    )


def _headline(alert: MissingChildAlert, text: str) -> str:
    if not alert.exercise:
        return text
    label = gettext("EXERCISE")
    return f"{label}: {text}"


def _content_info(alert: MissingChildAlert, publisher: Publisher, language: str) -> CapInfo:
    text = alert.texts[language]
    photo = alert.photo
    resources: tuple[CapResource, ...] = ()
    if photo is not None:
        resources = (
            CapResource(
                description=gettext("Photo of the child"),
                mime_type=photo.mime_type,
                uri=photo.uri,
                size=photo.size,
                digest_sha1=photo.sha1_hex,
            ),
        )
    parameters = (
        ValuePair("LAST_SEEN", cap_time(_local(alert.last_seen_at))),
        ValuePair("CHILD_AGE_YEARS", str(alert.child_age_years)),
        *(ValuePair(name, value) for name, value in alert.extra_parameters),
    )
    return CapInfo(
        language=CAP_LANGUAGE[language],
        categories=_categories(alert),
        event=_event(alert),
        response_types=(ResponseType.MONITOR,),
        urgency=Urgency.IMMEDIATE,
        severity=Severity.SEVERE,
        certainty=Certainty.LIKELY,
        # SAME "CAE" (Child Abduction Emergency): the EAS code of the OASIS AMBER example,
        # which alert hubs key on; only for abductions.
        event_codes=(ValuePair("SAME", "CAE"),) if alert.abducted else (),
        expires=_local(alert.expires),
        sender_name=publisher.name[language],
        headline=_headline(alert, text.headline),
        description=text.description,
        instruction=text.instruction,
        web=alert.web[language],
        contact=alert.contact[language],
        parameters=parameters,
        resources=resources,
        areas=(_area(alert, language),),
    )


def _closing_info(
    alert: MissingChildAlert,
    publisher: Publisher,
    language: str,
    sent: dt.datetime,
    found: bool,
    reason: str,
) -> CapInfo:
    """An info block that withdraws the alert: no description, photo or age."""
    text = alert.texts[language]
    place = text.place or text.area_description
    if found:
        headline = gettext("Child found: the alert for %(place)s has ended") % {"place": place}
        description = gettext(
            "The child in this alert has been found. The photo and description have been "
            "withdrawn. Thank you to everyone who helped."
        )
    else:
        headline = gettext("Alert withdrawn: %(place)s") % {"place": place}
        description = reason
    return CapInfo(
        language=CAP_LANGUAGE[language],
        categories=_categories(alert),
        event=_event(alert),
        response_types=(ResponseType.ALL_CLEAR if found else ResponseType.NONE,),
        urgency=Urgency.PAST,
        severity=Severity.MINOR,
        certainty=Certainty.OBSERVED,
        expires=_local(max(alert.expires, sent + CLOSING_NOTICE)),
        sender_name=publisher.name[language],
        headline=_headline(alert, headline),
        description=description,
        instruction=gettext("No action is needed."),
        web=alert.web[language],
        contact=alert.contact[language],
        areas=(_area(alert, language),),
    )


def _message(
    alert: MissingChildAlert,
    publisher: Publisher,
    identifier: str,
    sent: dt.datetime,
    msg_type: MsgType,
    infos: tuple[CapInfo, ...],
    references: tuple[MessageRef, ...] = (),
    note: str = "",
) -> CapMessage:
    if alert.exercise:
        note = " ".join(filter(None, ["Exercise: not a real alert.", note]))
    return CapMessage(
        identifier=identifier,
        sender=publisher.sender,
        sent=_local(sent),
        status=_status(alert),
        msg_type=msg_type,
        infos=infos,
        references=references,
        note=note,
        incidents=alert.reference,
    )


def _per_language(build: Callable[[str], CapInfo]) -> tuple[CapInfo, ...]:
    infos = []
    for language in LANGUAGES:
        with translation.override(language):
            infos.append(build(language))
    return tuple(infos)


def alert_message(
    alert: MissingChildAlert, publisher: Publisher, identifier: str, sent: dt.datetime
) -> CapDocument:
    """The first message (msgType Alert; status Exercise for a drill)."""
    _check_alert(alert)
    infos = _per_language(lambda language: _content_info(alert, publisher, language))
    return cap_document(_message(alert, publisher, identifier, sent, MsgType.ALERT, infos))


def update_message(
    alert: MissingChildAlert,
    publisher: Publisher,
    identifier: str,
    sent: dt.datetime,
    references: tuple[MessageRef, ...],
) -> CapDocument:
    """New content for the alert (a wider area, a new description); ``references`` names every
    earlier message of the alert, the original first."""
    _check_alert(alert)
    infos = _per_language(lambda language: _content_info(alert, publisher, language))
    return cap_document(
        _message(alert, publisher, identifier, sent, MsgType.UPDATE, infos, references)
    )


def cancel_message(
    alert: MissingChildAlert,
    publisher: Publisher,
    identifier: str,
    sent: dt.datetime,
    references: tuple[MessageRef, ...],
    reason: dict[str, str],
) -> CapDocument:
    """The alert withdrawn (issued in error, or no longer needed), with the reason in each
    language. The child's description and photo are not repeated."""
    _check_alert(alert)
    if set(reason) != set(LANGUAGES) or not all(text.strip() for text in reason.values()):
        raise CapInvalid("reason: a cancel says why, in each language")
    infos = _per_language(
        lambda language: _closing_info(alert, publisher, language, sent, False, reason[language])
    )
    note = f"Withdrawn: {reason['en']}"
    return cap_document(
        _message(alert, publisher, identifier, sent, MsgType.CANCEL, infos, references, note)
    )


def all_clear_message(
    alert: MissingChildAlert,
    publisher: Publisher,
    identifier: str,
    sent: dt.datetime,
    references: tuple[MessageRef, ...],
) -> CapDocument:
    """The child was found: an Update with responseType AllClear that replaces the description
    and photo with a thank-you."""
    _check_alert(alert)
    infos = _per_language(
        lambda language: _closing_info(alert, publisher, language, sent, True, "")
    )
    note = "All clear: the child has been found."
    return cap_document(
        _message(alert, publisher, identifier, sent, MsgType.UPDATE, infos, references, note)
    )
