"""Keeping a case's deadlines in step with its facts, in the same transaction as each event.

A case's deadlines are a function of its events and the rules: every event that can change a
fact (a stage, an accused person's custody, a verdict, a charge, a corrected category, district or
date) recomputes them from the case's milestones. So when a fact is corrected, the deadlines that
depend on it move: a district corrected into a province with its own rule, a capital charge that
makes the statutory-bail clock 2 years instead of 1, an FIR date corrected to two days earlier.
Escalations already made stay (they are events); the level a deadline reached is kept.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple, Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from msgspec import UNSET

from nigraan.cases import events as ev
from nigraan.cases.models import Case, Deadline
from nigraan.cases.offences import offences
from nigraan.cases.projection import (
    QUIET_KINDS,
    CaseState,
    apply_event,
    apply_in_place,
    apply_quiet,
)
from nigraan.cases.rules import DeadlineRule, current_rules

# Kinds that change nothing a deadline depends on.
NO_EFFECT = frozenset(
    cls.kind
    for cls in (
        ev.NoteAdded,
        ev.ProtectedDataRead,
        ev.ReporterMessage,
        ev.ReplyToReporter,
        ev.DeadlineEscalated,
        ev.CaseShredded,
        ev.CaseReferred,
        ev.ReferralUpdated,
        ev.HearingRecorded,
        ev.ProjectionRepaired,  # the repair rebuilds the deadlines itself
    )
)


class Milestone(NamedTuple):  # a tuple: replay makes one for every stage entered, every case
    seq: int
    at: dt.datetime
    name: str  # "stage:fir_registered", "custody:arrested", "outcome:acquittal"
    subject: str  # the accused person's number for custody milestones, else ""


def _day_start(day: str) -> dt.datetime:
    """A date given by a person ("the FIR was registered on 2026-03-02") as the start of that day
    where the case is: the earliest moment it can mean, so no clock is made later than the law's."""
    return dt.datetime.combine(
        dt.date.fromisoformat(day), dt.time(0, 0), tzinfo=ZoneInfo(settings.TIME_ZONE)
    ).astimezone(dt.UTC)


def _when(event_at: dt.datetime, day: str | None) -> dt.datetime:
    """The moment a fact happened: the event's own time, unless a person gave an earlier day."""
    if not day:
        return event_at
    local_day = event_at.astimezone(ZoneInfo(settings.TIME_ZONE)).date().isoformat()
    return event_at if day >= local_day else _day_start(day)


def _stated_day(event: ev.CaseEvent) -> str | None:
    """The day a person gave for the fact an event records, if any."""
    if isinstance(event, ev.CustodyChanged):
        return event.since
    on = getattr(event, "on", None)
    return None if on is UNSET or not on else str(on)


def _custody_changes(before: tuple, after: tuple, seq: int, at: dt.datetime) -> list[Milestone]:
    """Each accused person whose custody differs from before the event (or who is new)."""
    old = {person["number"]: person["custody"] for person in before}
    return [
        Milestone(seq, at, f"custody:{person['custody']}", str(person["number"]))
        for person in after
        if old.get(person["number"]) != person["custody"]
    ]


def milestones(ref: str) -> list[Milestone]:
    """What happened to the case, in order: stages entered, custody changes, verdicts, each at
    the time it happened (a date given or corrected by staff wins over the time it was typed)."""
    return milestones_in(ev.case_history(ref), ref)


def milestones_in(history: list[ev.RecordedEvent], ref: str) -> list[Milestone]:
    """``milestones`` of a history already read."""
    return replay_with_milestones(history, ref)[1]


class Happened(Protocol):
    """What replay reads of an event (``ev.RecordedEvent``, or the check's lighter tuple)."""

    @property
    def seq(self) -> int: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def event(self) -> ev.CaseEvent: ...


class CaseReplay:
    """One case replayed an event at a time: its state, its milestones, and how many times each
    deadline (rule, accused person) was escalated. The projection check feeds it events in the
    ledger's own order, interleaved with other cases' events, so a date correction may come after
    the milestones it moves: those are fixed up when it arrives (the result is the same as if
    every correction had been known from the start)."""

    __slots__ = ("ref", "state", "found", "levels", "_corrected", "_moments")

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self.state: CaseState | None = None
        self.found: list[Milestone] = []
        self.levels: Counter[tuple[str, str]] = _NO_ESCALATIONS  # its own once one is made
        self._corrected: dict[int, str] | None = None  # event seq -> day given by a correction
        self._moments: dict[int, tuple[dt.datetime, str | None]] | None = None

    def step(self, seq: int, at: dt.datetime, event: ev.CaseEvent) -> None:
        """Apply the case's next event (its ``seq`` and time). The state is this replay's own
        (no earlier copy is kept), so it is changed in place rather than copied."""
        state = self.state
        if state is None:  # the case is opened (or the event refused: not opened yet)
            state = self.state = apply_event(None, event, ref=self.ref, seq=seq, at=at)
            stage, accused, district = None, None, None
        elif type(event) in QUIET_KINDS:
            # A note, a read, a referral…: stage, accused and district are unchanged.
            apply_quiet(state, event, seq=seq, at=at)
            if type(event) in _NOTED:
                self._note(event)
            return
        else:
            stage, accused, district = state.stage, state.accused, state.district
            apply_in_place(state, event, ref=self.ref, seq=seq, at=at)
        stated = _stated_day(event)
        corrected = self._corrected.get(seq) if self._corrected else None
        when = _when(at, corrected or stated)
        found, count = self.found, len(self.found)
        if stage != state.stage:
            found.append(Milestone(seq, when, f"stage:{state.stage}", ""))
        if isinstance(event, ev.VerdictRecorded):
            found.append(Milestone(seq, when, f"outcome:{event.outcome}", ""))
        if isinstance(event, ev.PoliceContacted):
            found.append(Milestone(seq, when, "contact:police", ""))
        if accused is not state.accused:
            found += _custody_changes(accused or (), state.accused, seq, when)
        if stage is None or district != state.district:
            found += _place_change(stage is None, district, state.district, seq, when)
        if len(found) != count:  # kept in case a later correction moves these milestones
            if self._moments is None:
                self._moments = {}
            self._moments[seq] = (at, stated)

    def _note(self, event: ev.CaseEvent) -> None:
        if isinstance(event, ev.DeadlineEscalated):
            subject = "" if event.accused is UNSET else str(event.accused)
            if self.levels is _NO_ESCALATIONS:
                self.levels = Counter()
            self.levels[(event.deadline, subject)] += 1
        elif isinstance(event, ev.DateCorrected):
            if self._corrected is None:
                self._corrected = {}
            self._corrected[event.seq] = event.on
            moment = self._moments.get(event.seq) if self._moments else None
            if moment is not None:  # the event came first: its milestones move now
                when = _when(moment[0], event.on or moment[1])
                self.found = [
                    Milestone(m.seq, when, m.name, m.subject) if m.seq == event.seq else m
                    for m in self.found
                ]


_NO_ESCALATIONS: Counter[tuple[str, str]] = Counter()  # shared by replays, never changed
# Quiet kinds the replay also takes note of (escalations counted, date corrections kept).
_NOTED = frozenset({ev.DeadlineEscalated, ev.DateCorrected})
if not _NOTED <= QUIET_KINDS:  # CaseReplay.step notes them on its quiet path only
    raise RuntimeError("escalations and date corrections must stay quiet kinds")


def replay_with_milestones(
    history: Sequence[Happened], ref: str
) -> tuple[CaseState | None, list[Milestone]]:
    """The case's state after its events, and its milestones, in one pass."""
    replay = CaseReplay(ref)
    for recorded in history:
        replay.step(recorded.seq, recorded.at, recorded.event)
    return replay.state, replay.found


def _place_change(
    opened: bool, had: str | None, has: str | None, seq: int, at: dt.datetime
) -> list[Milestone]:
    """place:unplaced when a case is opened (or corrected) with no district; place:placed when a
    district is set on a case that had none."""
    if (opened or had) and not has:
        return [Milestone(seq, at, "place:unplaced", "")]
    if not opened and not had and has:
        return [Milestone(seq, at, "place:placed", "")]
    return []


class Plan(NamedTuple):  # a tuple: the projection check makes several for every case
    started_at: dt.datetime
    due_at: dt.datetime
    met_at: dt.datetime | None
    stopped: bool


def plan_clock(rule: DeadlineRule, found: list[Milestone], subject: str) -> Plan | None:
    """When the clock started, when it was met, whether it stopped; None if it never started."""
    positions = clock_positions(rule, found, subject)
    if positions is None:
        return None
    start, met, stopped = positions
    started_at = found[start].at
    met_at = None if met is None else max(found[met].at, started_at)
    return Plan(started_at, started_at + rule.within, met_at, stopped)


def clock_positions(
    rule: DeadlineRule, found: Sequence[Milestone], subject: str
) -> tuple[int, int | None, bool] | None:
    """Which of the milestones started the clock, which met it (or None), and whether it
    stopped; None if it never started. Names and subjects decide it, never times: the
    projection check plans every case of the same course of milestones alike
    (``deadline_plan``)."""
    start = -1
    for position, milestone in enumerate(found):
        if start < 0:
            if milestone.name in rule.starts_on and milestone.subject == subject:
                start = position
            if milestone.name == "stage:closed":
                break
            continue
        if milestone.subject not in ("", subject):  # another accused person's custody
            continue
        if milestone.name in rule.met_on:
            return start, position, False
        if milestone.name in rule.stops_on or milestone.name == "stage:closed":
            return start, None, True
    return None if start < 0 else (start, None, False)


def _facts(case: Case, subject: str) -> dict[str, object]:
    return facts_for(case.charges, case.victim_age_band, subject)


def facts_for(all_charges: list | tuple, victim_age_band: str, subject: str) -> dict[str, object]:
    """The facts a rule's ``applies_if`` may name, for one accused person (or the case)."""
    known = offences()
    charges = [c for c in all_charges if not subject or str(c["accused"]) == subject]
    return {
        "capital_charge": any(
            known[c["offence"]].capital for c in charges if c["offence"] in known
        ),
        "child": victim_age_band != "18+",
    }


def refresh_deadlines(case: Case, kind: str) -> None:
    """Bring the case's deadlines in line with its milestones and the rules in force. Called by
    cases.commands after each event is applied, inside the same transaction."""
    if kind in NO_EFFECT:
        return
    rules = current_rules()
    chain = rules.chain_for(case.district_id, case.province_id)
    found = milestones(case.ref)
    existing = {(d.rule_id, d.subject): d for d in Deadline.objects.filter(case=case)}
    for rule in rules.for_place(case.district_id, case.province_id):
        subjects = [str(person["number"]) for person in case.accused] if rule.per_accused else [""]
        for subject in subjects:
            plan = plan_clock(rule, found, subject)
            deadline = existing.get((rule.id, subject))
            applies = rule.applies_to(case.category, case.report, _facts(case, subject))
            if plan is None or not applies:
                if deadline is not None and deadline.met_at is None and not deadline.stopped:
                    deadline.stopped, deadline.next_escalation_at, deadline.warn_at = (
                        True,
                        None,
                        None,
                    )
                    deadline.save(update_fields=["stopped", "next_escalation_at", "warn_at"])
                continue
            if deadline is None:
                deadline = Deadline(case=case, rule_id=rule.id, subject=subject, level=0)
            _apply(deadline, rule, plan, chain, rules.stamp)


def _apply(
    deadline: Deadline, rule: DeadlineRule, plan: Plan, chain: tuple[str, ...], stamp: str
) -> None:
    open_ = plan.met_at is None and not plan.stopped
    changed = {
        "title": rule.title,
        "started_at": plan.started_at,
        "due_at": plan.due_at,
        "escalate_every": rule.escalate_every,
        "met_at": plan.met_at,
        "stopped": plan.stopped,
        "escalates": rule.escalates,
        "next_escalation_at": (
            plan.due_at + rule.escalate_every * deadline.level
            if open_ and rule.escalates and deadline.level < len(chain)
            else None
        ),
        "warn_at": plan.due_at - rule.warn_before
        if open_ and rule.warn_before and not deadline.warned
        else None,
    }
    if deadline.pk is None:
        for name, value in changed.items():
            setattr(deadline, name, value)
        deadline.rules_version = stamp
        deadline.save()
        return
    fields = [name for name, value in changed.items() if getattr(deadline, name) != value]
    if fields:
        for name in fields:
            setattr(deadline, name, changed[name])
        if {"due_at", "started_at"} & set(fields):
            deadline.rules_version = stamp
            fields.append("rules_version")
        deadline.save(update_fields=fields)
