"""The case page's Zainab Act section (missing-child cases only): the Act's two clocks (FIR in
2 hours, police contact with the complainant in 24 hours: due, met and when, overdue,
escalations), the form to record the police contact, and how each alert's messages went out
(per channel: queued, sent, failed, p50/p95 from issue to sending)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import Action, may
from nigraan.alerts.delivery_figures import ChannelDelivery, delivery_by_channel
from nigraan.alerts.models import PublishedAlert
from nigraan.cases import commands
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import Category

# The Act's clocks, as rules in rules/deadlines.yaml.
ACT_CLOCKS = ("missing_child_fir", "missing_child_police_contact")


def act_context(staff: Staff, case: Case) -> dict[str, Any]:
    if case.category != Category.MISSING_CHILD:
        return {}
    clocks = sorted(
        case.deadlines.filter(rule_id__in=ACT_CLOCKS), key=lambda d: ACT_CLOCKS.index(d.rule_id)
    )
    contact = next((d for d in clocks if d.rule_id == ACT_CLOCKS[1]), None)
    issued = PublishedAlert.objects.filter(case_ref=case.ref).exclude(messages=[]).order_by("-pk")
    return {
        "act_clocks": clocks,
        "police_contact_form": case.is_open
        and (contact is None or contact.met_at is None)
        and may(staff, Action.ADD_NOTE, case),
        "police_contact_ways": list(commands.CONTACT_WAYS.items()),
        "alert_deliveries": [
            {"reference": row.reference, "channels": [_shown(c) for c in delivery_by_channel(row)]}
            for row in issued
        ],
    }


def _shown(figures: ChannelDelivery) -> dict[str, Any]:
    return {"figures": figures, "p50": _delay(figures.p50), "p95": _delay(figures.p95)}


def _delay(value: dt.timedelta | None) -> str:
    if value is None:
        return "–"
    seconds = value.total_seconds()
    if seconds < 60:
        return _("%(n)s s") % {"n": f"{seconds:.1f}"}
    return _("%(m)d min %(s)d s") % {"m": seconds // 60, "s": seconds % 60}


def police_contact(staff: Staff, ref: str, post: QueryDict) -> str:
    commands.record_police_contact(staff, ref, how=post.get("how", ""))
    return _("Recorded: the police contacted the complainant.")


ACTIONS = {"police_contact": police_contact}
