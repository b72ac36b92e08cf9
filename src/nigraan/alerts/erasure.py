"""A case's erasure reaches its alerts (registered in ``AlertsConfig.ready`` with
``cases.erasure_hooks``; cases may not import alerts).

An active alert refuses the erasure: the child is still being looked for in public, and only
"found" or cancel tell everyone the alert reached (a CAP all-clear or Cancel to the partners, an
SMS to the subscribers). Erasing it silently would leave the partners' copies standing and the
subscribers looking, with nothing left to withdraw it with. Staff record "found" or cancel it
first, then erase.

Every other alert of the case (drafted, expired, found, cancelled) loses its texts in the
erasure's transaction: the row keeps its reference, state and CAP message identifiers, and its
content becomes a neutral "withdrawn" one (no headline, description, place, last-seen time or
point, age); its area and CAP document are emptied, and the SMS texts of its messages deleted
(a withdrawal SMS still queued is then not sent). A draft or an expired alert becomes cancelled,
so it can never be approved or re-issued. Public pages, the feed and the CAP address stop
showing it (410 Gone). The sealed photo was already unreadable: the key it is sealed with is the
one destroyed. The ledger's events are kept: their alert contents are sealed (``enc1:``).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from nigraan import clock
from nigraan.alerts.content import LANGUAGES
from nigraan.alerts.drafts import TEXT_FIELDS
from nigraan.alerts.models import AlertSmsText, AlertState, PublishedAlert
from nigraan.cases.commands import CommandRefused

WITHDRAWN_HEADLINE = {"en": "Alert withdrawn", "ur": "الرٹ واپس لے لیا گیا"}


def withdrawn_content() -> dict[str, Any]:
    """What an erased alert's row holds instead of its texts."""
    texts = {
        lang: {**{name: "" for name in TEXT_FIELDS}, "headline": WITHDRAWN_HEADLINE[lang]}
        for lang in LANGUAGES
    }
    return {"withdrawn": True, "texts": texts}


def is_erased(row: PublishedAlert) -> bool:
    return bool(row.content.get("withdrawn"))


def erase_case_alerts(ref: str, *, erase: bool) -> None:
    """The hook: refuse while an alert of case ``ref`` is active; otherwise, when ``erase``,
    take every alert's texts out of its row."""
    rows = list(PublishedAlert.objects.select_for_update().filter(case_ref=ref).order_by("pk"))
    if any(row.state == AlertState.ACTIVE for row in rows):
        raise CommandRefused(
            _(
                "This case has an active missing-child alert: record that the child was found, "
                "or cancel the alert, before its data is erased."
            )
        )
    if erase:
        now = clock.now()
        for row in rows:
            _erase(row, now)


def _erase(row: PublishedAlert, now: Any) -> None:
    identifiers = [identifier for identifier, _sent in row.messages]
    AlertSmsText.objects.filter(identifier__in=identifiers).delete()
    row.content = withdrawn_content()
    row.area = {}
    row.cap_xml = b""
    if row.state in (AlertState.DRAFT, AlertState.EXPIRED):
        row.state = AlertState.CANCELLED
    if row.expires is not None:  # off the public list and the feed at once
        row.expires = min(row.expires, now)
    row.save(update_fields=["content", "area", "cap_xml", "state", "expires"])
