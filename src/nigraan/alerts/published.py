"""What the public sees of an alert, from its row: the newest CAP document (rebuilt from the row
exactly as it was issued, and validated against the schema each time it is made) and the alerts
still shown (active, or found/cancelled and not yet expired, so the withdrawal replaces them)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from nigraan.alerts import cap_messages
from nigraan.alerts.cap_model import MessageRef
from nigraan.alerts.cap_xml import CapDocument
from nigraan.alerts.content import Publisher
from nigraan.alerts.drafts import alert_from_row
from nigraan.alerts.models import AlertState, PublishedAlert

SHOWN_STATES = (AlertState.ACTIVE, AlertState.FOUND, AlertState.CANCELLED)


def publisher() -> Publisher:
    return Publisher(
        sender=settings.NIGRAAN_ALERT_SENDER,
        name={"en": "Nigraan alerts", "ur": "نگران الرٹ"},
    )


def site() -> str:
    return str(settings.NIGRAAN_PUBLIC_URL).rstrip("/")


def newest_document(row: PublishedAlert) -> CapDocument:
    """The row's newest CAP message: Alert while active (an Update once updated), the all-clear
    once found, the Cancel once withdrawn (``CapInvalid`` if it does not validate)."""
    alert = alert_from_row(row, site())
    sender = publisher()
    refs = tuple(
        MessageRef(sender.sender, identifier, dt.datetime.fromisoformat(sent))
        for identifier, sent in row.messages
    )
    identifier, sent = refs[-1].identifier, refs[-1].sent
    if row.state == AlertState.FOUND:
        return cap_messages.all_clear_message(alert, sender, identifier, sent, refs[:-1])
    if row.state == AlertState.CANCELLED:
        reason = row.content.get("cancel_reason", "")
        return cap_messages.cancel_message(
            alert, sender, identifier, sent, refs[:-1], {"en": reason, "ur": reason}
        )
    if len(refs) > 1:  # an active alert updated: the newest Update refers to all before it
        return cap_messages.update_message(alert, sender, identifier, sent, refs[:-1])
    return cap_messages.alert_message(alert, sender, identifier, sent)


def shown(now: dt.datetime) -> list[PublishedAlert]:
    """Alerts on the public list and feed, newest first: active ones, and found or cancelled
    ones until their withdrawal expires (only the issued: a cancelled draft has no messages)."""
    rows = PublishedAlert.objects.filter(state__in=SHOWN_STATES, expires__gt=now)
    return [row for row in rows.order_by("-issued_at") if row.messages]
