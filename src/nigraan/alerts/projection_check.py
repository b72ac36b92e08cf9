"""The alert rows checked against the ledger (registered with ``ledger.projection_checks``).

An alert's public row (``PublishedAlert``) decides what the public pages, the feed and the CAP
addresses show. An insider with the database could set an active alert's state to "cancelled"
(it leaves the public pages with no CAP Cancel sent and no event), bring back a found one, or
delete the row. What the row must hold is in the case's ``case.alert_*`` events: which alerts
the case has, each one's state, and the identifier of its newest CAP message. ``nigraan ledger
verify`` replays them in its own pass and names the first difference per case; the worker
re-checks the cases with alerts every round (they are few: missing-child cases only).

Not compared: the texts (in the ledger only as a sealed token), the circle's centre and the CAP
document itself (not in the events). A repair sets a row's state and identifier back to the
replayed ones; a deleted row cannot be rebuilt from the events (its texts are sealed) and is
reported as such.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings

from nigraan.alerts.models import AlertState, PublishedAlert
from nigraan.cases.models import Case
from nigraan.cases.vocabulary import Category
from nigraan.ledger.encoding import decode_leaf
from nigraan.ledger.models import Event
from nigraan.ledger.projection_checks import Mismatch, ProjectionReport

TABLE = "alerts_publishedalert"
SHREDDED = "case.shredded"
# What each alert event leaves the alert's state at.
STATE_AFTER = {
    "case.alert_drafted": AlertState.DRAFT,
    "case.alert_approved": AlertState.APPROVED,
    "case.alert_issued": AlertState.ACTIVE,
    "case.alert_updated": AlertState.ACTIVE,  # an update, or the re-issue of an expired alert
    "case.alert_resolved": AlertState.FOUND,
    "case.alert_cancelled": AlertState.CANCELLED,
    "case.alert_expired": AlertState.EXPIRED,
}
KINDS = frozenset(STATE_AFTER) | {SHREDDED}
# The erasure cancels a draft or an expired alert (alerts.erasure); the others keep their state.
CANCELLED_BY_ERASURE = (AlertState.DRAFT, AlertState.EXPIRED)

Alerts = dict[str, tuple[str, str]]  # alert reference -> (state, newest CAP identifier)


class AlertReplay:
    """Each case's alerts as its events leave them."""

    def __init__(self) -> None:
        self.cases: dict[str, Alerts] = defaultdict(dict)

    def step(self, case_ref: str, kind: str, data_json: str) -> None:
        alerts = self.cases[case_ref]
        if kind == SHREDDED:
            for reference, (state, identifier) in alerts.items():
                if state in CANCELLED_BY_ERASURE:
                    alerts[reference] = (AlertState.CANCELLED, identifier)
            return
        data = json.loads(data_json)
        reference = data["alert"]
        _, identifier = alerts.get(reference, ("", ""))
        alerts[reference] = (STATE_AFTER[kind], data.get("identifier") or identifier)


def stored_alerts(refs: Iterable[str] | None) -> dict[str, Alerts]:
    rows = PublishedAlert.objects.all()
    if refs is not None:
        rows = rows.filter(case_ref__in=list(refs))
    stored: dict[str, Alerts] = defaultdict(dict)
    for case_ref, reference, state, identifier in rows.values_list(
        "case_ref", "reference", "state", "cap_identifier"
    ).iterator():
        stored[case_ref][reference] = (state, identifier)
    return stored


def first_difference(case_ref: str, stored: Alerts, replayed: Alerts) -> Mismatch | None:
    for reference in sorted(set(stored) | set(replayed)):
        if reference not in stored:
            return Mismatch(case_ref, TABLE, f"row {reference}", "missing", "in the ledger")
        if reference not in replayed:
            return Mismatch(case_ref, TABLE, f"row {reference}", "present", "not in the ledger")
        for index, name in enumerate(("state", "cap_identifier")):
            if stored[reference][index] != replayed[reference][index]:
                field = f"{name} ({reference})"
                kept, wanted = stored[reference][index], replayed[reference][index]
                return Mismatch(case_ref, TABLE, field, kept or "(empty)", wanted or "(empty)")
    return None


def compare(stored: dict[str, Alerts], replayed: dict[str, Alerts]) -> ProjectionReport:
    report = ProjectionReport()
    for case_ref in sorted(set(stored) | {ref for ref, alerts in replayed.items() if alerts}):
        report.cases += 1
        report.checked.append(case_ref)
        found = first_difference(case_ref, stored.get(case_ref, {}), replayed.get(case_ref, {}))
        if found is not None:
            report.mismatches.append(found)
    return report


class AlertStream:
    """The full check, fed the ledger's pass (``ledger.verify``)."""

    def __init__(self) -> None:
        self.replay = AlertReplay()
        self.stored: dict[str, Alerts] = {}

    def feed(self, rows: Sequence[tuple]) -> None:
        for row in rows:
            if row[3] in KINDS:
                self.replay.step(row[1], row[3], decode_leaf(row[-1]).data_json)

    def end_of_events(self) -> None:
        self.stored = stored_alerts(None)  # read inside the pass's transaction

    def report(self) -> ProjectionReport:
        report = compare(self.stored, self.replay.cases)
        # The summary counts cases once (the case check's); these are the same cases' alerts.
        report.checked, report.cases = [], 0
        return report


def replayed_alerts(refs: Sequence[str] | None) -> dict[str, Alerts]:
    replay = AlertReplay()
    events = Event.objects.filter(kind__in=KINDS)
    if refs is not None:
        events = events.filter(case_ref__in=list(refs))
    for case_ref, kind, leaf in events.order_by("case_ref", "seq").values_list(
        "case_ref", "kind", "leaf"
    ):
        replay.step(case_ref, kind, decode_leaf(leaf).data_json)
    return replay.cases


class AlertProjectionCheck:
    """What the ledger's registry calls (``ProjectionCheck``)."""

    name = "alerts"
    tables = (TABLE,)  # the worker clears only these alarms when a case is found equal

    def check(self, refs: Sequence[str] | None) -> ProjectionReport:
        return compare(stored_alerts(refs), replayed_alerts(refs))

    def stream(self) -> AlertStream:
        return AlertStream()

    def due_for_recheck(self, now: dt.datetime) -> list[str]:
        """Every case with an alert row (they are few), and every missing-child case changed
        in the last NIGRAAN_PROJECTION_RECENT_SECONDS (an alert row deleted while its case
        changed); the full ``ledger verify`` looks for every deleted row."""
        recent = now - dt.timedelta(seconds=settings.NIGRAAN_PROJECTION_RECENT_SECONDS)
        refs = set(PublishedAlert.objects.values_list("case_ref", flat=True))
        changed = Case.objects.filter(category=Category.MISSING_CHILD, updated_at__gte=recent)
        return sorted(refs | set(changed.values_list("ref", flat=True)))

    def repair(self, ref: str, *, by: str, reason: str) -> list[str]:
        """Set each alert row's state and identifier back to the replayed ones (the case's own
        repair, run in the same call, records the event); a deleted row is only reported."""
        replayed = replayed_alerts([ref]).get(ref, {})
        repaired: list[str] = []
        for row in PublishedAlert.objects.select_for_update().filter(case_ref=ref):
            wanted = replayed.get(row.reference)
            if wanted is None or (row.state, row.cap_identifier) == wanted:
                continue
            repaired.append(f"{TABLE}.state ({row.reference})")
            row.state, row.cap_identifier = wanted
            row.save(update_fields=["state", "cap_identifier"])
        present = set(
            PublishedAlert.objects.filter(case_ref=ref).values_list("reference", flat=True)
        )
        repaired += [
            f"{TABLE} row {reference}: deleted, cannot be rebuilt (its texts are sealed)"
            for reference in sorted(set(replayed) - present)
        ]
        return repaired
