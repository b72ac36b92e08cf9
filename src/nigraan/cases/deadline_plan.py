"""The deadline rows a case's replayed events call for (``plan_deadlines``), as
``deadlines.refresh_deadlines`` keeps them, for the projection check and the repair.

Which clocks run for a case, and which milestone started, met or stopped each, depend on the
names and subjects of its milestones in order and on a few of its facts, never on their times.
The full check plans every case, and most cases share a course (opened, triaged, assigned, an
FIR…): the clocks found for one course are kept per place (``PlaceRules.courses``) and only the
times are worked out for each case.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import NamedTuple

from nigraan.cases.deadlines import Milestone, clock_positions, facts_for
from nigraan.cases.projection import CaseState
from nigraan.cases.rules import DeadlineRule, RuleSet

DeadlineKey = tuple[str, str]  # (rule id, subject)
COURSES_KEPT = 10_000  # per place: more distinct courses than this are planned each time


class ExpectedDeadline(NamedTuple):
    """What a deadline row must hold, from the events and the rules in force."""

    started_at: dt.datetime
    due_at: dt.datetime
    met_at: dt.datetime | None
    stopped: bool
    level: int
    next_escalation_at: dt.datetime | None
    title: str
    escalate_every: dt.timedelta
    escalates: bool


class IdleKeys:
    """The (rule, accused) pairs the rules in force know for a case whose clock never started or
    no longer applies: every pair of a rule in force (for each accused person, for a per-person
    rule) that is not running. Answered when asked, rather than built for every case."""

    def __init__(self, in_force: dict[str, bool], accused: tuple, running: dict) -> None:
        self.in_force = in_force  # rule id -> per accused person
        self.accused = accused
        self.running = running

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, tuple) or key in self.running:
            return False
        rule_id, subject = key
        per_accused = self.in_force.get(rule_id)
        if per_accused is None:
            return False
        if not per_accused:
            return subject == ""
        return any(str(person["number"]) == subject for person in self.accused)


@dataclasses.dataclass
class DeadlinePlan:
    """Every clock the rules in force start for the case (``running``), and the (rule, accused)
    pairs the rules know there whose clock never started or no longer applies (``idle``)."""

    running: dict[DeadlineKey, ExpectedDeadline]
    idle: IdleKeys
    levels: Counter[DeadlineKey]


class Clock(NamedTuple):
    """A clock that runs for a course of milestones: its rule, and the positions (in the
    milestones) of the one that started it and the one that met it (or None)."""

    key: DeadlineKey
    rule: DeadlineRule
    start: int
    met: int | None
    stopped: bool


class PlaceRules(NamedTuple):
    """The deadline rules in force at one place, ready for planning many cases."""

    chain: tuple[str, ...]
    in_force: list[DeadlineRule]
    per_accused: dict[str, bool]  # rule id -> one clock per accused person
    by_start: dict[str, list[int]]  # milestone name -> the rules (positions) it may start
    report_keys: tuple[str, ...]  # the report's facts a rule's applies_if names
    courses: dict[tuple, list[Clock]]  # the clocks found for each course (``_course``)

    @classmethod
    def of(cls, rules: RuleSet, district: str | None, province: str | None) -> PlaceRules:
        in_force = rules.for_place(district, province)
        by_start: dict[str, list[int]] = {}
        for position, rule in enumerate(in_force):
            for name in rule.starts_on:
                by_start.setdefault(name, []).append(position)
        per_accused = {rule.id: rule.per_accused for rule in in_force}
        named = {key for rule in in_force for key in rule.applies_if if key.startswith("report.")}
        report_keys = tuple(sorted(key.removeprefix("report.") for key in named))
        chain = rules.chain_for(district, province)
        return cls(chain, in_force, per_accused, by_start, report_keys, {})

    def clocks(self, state: CaseState, found: list[Milestone]) -> list[Clock]:
        """The clocks that run for this case (in the rules' order, then the accused's)."""
        course = self._course(state, found)
        try:
            known = self.courses.get(course)
        except TypeError:  # a report fact that cannot be a key (a list): planned each time
            return self._find_clocks(state, found)
        if known is None:
            known = self._find_clocks(state, found)
            if len(self.courses) < COURSES_KEPT:
                self.courses[course] = known
        return known

    def _course(self, state: CaseState, found: list[Milestone]) -> tuple:
        """All that decides which clocks run, and from which milestones: the milestones' names
        and subjects in order, and the facts the rules' applies_if read (compared by equality,
        as ``applies_to`` and ``facts_for`` compare them)."""
        report = state.report
        return (
            tuple([(m.name, m.subject) for m in found]),
            state.category,
            state.victim_age_band,
            tuple([str(person["number"]) for person in state.accused]),
            tuple([(str(c["accused"]), c["offence"]) for c in state.charges]),
            tuple([report.get(key) for key in self.report_keys]),
        )

    def _find_clocks(self, state: CaseState, found: list[Milestone]) -> list[Clock]:
        clocks: list[Clock] = []
        facts: dict[str, dict[str, object]] = {}
        # Only the rules one of whose starting milestones happened (in the rules' order): the
        # others' clocks never started, for anyone, and are idle.
        started = {position for m in found for position in self.by_start.get(m.name, ())}
        for rule in (self.in_force[position] for position in sorted(started)):
            subjects = [str(p["number"]) for p in state.accused] if rule.per_accused else [""]
            for subject in subjects:
                positions = clock_positions(rule, found, subject)
                if positions is None:
                    continue  # idle
                if subject not in facts:
                    facts[subject] = facts_for(state.charges, state.victim_age_band, subject)
                if rule.applies_to(state.category, state.report, facts[subject]):
                    clocks.append(Clock((rule.id, subject), rule, *positions))
        return clocks


PlaceCache = dict[tuple[str | None, str | None], PlaceRules]


def plan_deadlines(
    state: CaseState,
    found: list[Milestone],
    levels: Counter[DeadlineKey],
    rules: RuleSet,
    places: PlaceCache | None = None,
) -> DeadlinePlan:
    """The deadline rows ``refresh_deadlines`` keeps for this case, computed from its replayed
    state rather than its (possibly altered) stored row. ``places``: a cache of the rules per
    place (and of the clocks per course of milestones), for a check over many cases."""
    place = (state.district, state.province)
    known = places.get(place) if places is not None else None
    if known is None:
        known = PlaceRules.of(rules, *place)
        if places is not None:
            places[place] = known
    chain_length = len(known.chain)
    running: dict[DeadlineKey, ExpectedDeadline] = {}
    for key, rule, start, met, stopped in known.clocks(state, found):
        started_at = found[start].at
        due_at = started_at + rule.within
        met_at = None if met is None else max(found[met].at, started_at)
        level = levels.get(key, 0)
        escalates = met_at is None and not stopped and rule.escalates and level < chain_length
        running[key] = ExpectedDeadline(
            started_at,
            due_at,
            met_at,
            stopped,
            level,
            due_at + rule.escalate_every * level if escalates else None,
            rule.title,
            rule.escalate_every,
            rule.escalates,
        )
    return DeadlinePlan(running, IdleKeys(known.per_accused, state.accused, running), levels)
