"""Synthetic demo data: invented people and cases, never graphic, never real."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

import pyotp
from django.db import transaction

from nigraan import clock
from nigraan.accounts.models import Jurisdiction, JurisdictionLevel, Role, Staff
from nigraan.accounts.permissions import Action
from nigraan.cases import commands
from nigraan.cases.actors import SystemActor
from nigraan.cases.models import Case, Service
from nigraan.cases.vocabulary import AgeBand, Category, Channel, Gender, Stage
from nigraan.ledger.sequencer import sequence_and_sign
from nigraan.stats.publish import last_complete_month, publish
from nigraan.stats.release import Period
from nigraan.web.demo.alerts import load_demo_alerts

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (the demo's published password, demo mode only)
DEMO_MARKER_USERNAME = "admin"

# district code → short name used in usernames
DEMO_DISTRICTS = {
    "PK614": "kasur",
    "PK617": "lahore",
    "PK702": "karachi-central",
    "PK704": "karachi-east",
    "PK528": "peshawar",
    "PK226": "quetta",
    "PK726": "tharparkar",
    "PK707": "jacobabad",
}
PROVINCE_OVERSIGHT = {"PK6": "punjab", "PK7": "sindh", "PK5": "kp", "PK2": "balochistan"}
DISTRICT_ROLES = [
    ("op", Role.HELPLINE_OPERATOR),
    ("cw1", Role.CASE_WORKER),
    ("cw2", Role.CASE_WORKER),
    ("sup", Role.SUPERVISOR),
    ("dcpo", Role.DISTRICT_OFFICER),
    ("police", Role.POLICE_LIAISON),
    ("pros", Role.PROSECUTOR),
]
WOMAN_OFFICER_PREFIX = "cw2."
WEB_INTAKE = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
SMS_INTAKE = SystemActor("intake.sms", frozenset({Action.OPEN_CASE}))

# Bland, non-graphic, obviously invented text.
NARRATIVES = [
    "Synthetic demo report. The family is worried about how an adult has been behaving towards "
    "the child.",
    "Synthetic demo report. A teacher noticed a change in the child and asked for help.",
    "Synthetic demo report. A neighbour reported concern about a child's safety at home.",
    "Synthetic demo report. The child did not come home from school on time; the family asks for "
    "help.",
    "Synthetic demo report. Someone is sending threatening messages to a young person online.",
]
NOTES = [
    "Called the family; they asked for a woman officer.",
    "Referred for a medical examination.",
    "Police station visited; waiting for the duty officer.",
    "Family informed of the next hearing date.",
    "Follow-up call made; no answer, will try again tomorrow.",
]
PATH = [
    Stage.TRIAGED,
    Stage.ASSIGNED,
    Stage.MEDICAL_EXAMINATION,
    Stage.FIR_REGISTERED,
    Stage.INVESTIGATION,
    Stage.CHALLAN_SUBMITTED,
    Stage.TRIAL,
    Stage.VERDICT,
    Stage.CLOSED,
]


@dataclass(frozen=True)
class DemoResult:
    created: bool
    staff: int
    cases: int


def demo_logins() -> list[tuple[str, str, str]]:
    rows = []
    for staff in (
        Staff.objects.filter(username__in=_demo_usernames())
        .prefetch_related("jurisdictions")
        .order_by("username")
    ):
        place = ", ".join(f"{j.level} {j.code}" for j in staff.jurisdictions.all())
        rows.append((staff.username, staff.get_role_display(), place))
    return rows


def login_help() -> str:
    """How to log in to the demo, short enough to read in a terminal."""
    districts = ", ".join(DEMO_DISTRICTS.values())
    return f"""
Demo logins — every password is: {DEMO_PASSWORD}
  In each district ({districts}):
    op.<district>                helpline operator          (password only)
    cw1.<district>, cw2.<...>    case workers               (password + code)
    sup.<district>               supervisor                 (password + code)
    dcpo.<district>              district child-protection officer (password + code)
    police.<district>            police liaison             (password + code)
    pros.<district>              prosecutor                 (password + code)
  oversight.punjab, oversight.sindh, oversight.kp, oversight.balochistan, oversight.pk
                                 oversight, read-only       (password only)
  admin                          administrator              (password only)
  The code: in another terminal run `.venv/bin/nigraan totp cw1.kasur` (demo site only).
  Try first: cw1.kasur"""


def _demo_usernames() -> list[str]:
    names = [
        f"{prefix}.{short}" for short in DEMO_DISTRICTS.values() for prefix, _ in DISTRICT_ROLES
    ]
    names += [f"oversight.{p}" for p in PROVINCE_OVERSIGHT.values()] + [
        "oversight.pk",
        DEMO_MARKER_USERNAME,
    ]
    return names


def _staff(username: str, role: str, level: str, code: str, full_name: str) -> Staff:
    staff = Staff.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        role=role,
        full_name=full_name,
        # Each district's second case worker is recorded as a woman officer.
        is_woman_officer=username.startswith(WOMAN_OFFICER_PREFIX),
    )
    staff.totp_secret = pyotp.random_base32()
    staff.save(update_fields=["totp_secret"])
    Jurisdiction.objects.create(staff=staff, level=level, code=code)
    return staff


def _create_staff() -> int:
    count = 0
    for code, short in DEMO_DISTRICTS.items():
        for prefix, role in DISTRICT_ROLES:
            _staff(
                f"{prefix}.{short}",
                role,
                JurisdictionLevel.DISTRICT,
                code,
                f"Demo {role.label} {short.title()}",
            )
            count += 1
    for code, short in PROVINCE_OVERSIGHT.items():
        _staff(
            f"oversight.{short}",
            Role.OVERSIGHT,
            JurisdictionLevel.PROVINCE,
            code,
            f"Demo oversight {short}",
        )
        count += 1
    _staff(
        "oversight.pk", Role.OVERSIGHT, JurisdictionLevel.COUNTRY, "PK", "Demo national oversight"
    )
    _staff(
        DEMO_MARKER_USERNAME,
        Role.ADMINISTRATOR,
        JurisdictionLevel.COUNTRY,
        "PK",
        "Demo administrator",
    )
    return count + 2


def _one_case(rng: random.Random, index: int, now: dt.datetime) -> None:
    """One invented case, taken some way along the pipeline with dated steps before ``now``.
    The random draws come in a fixed order, so a seed gives the same demo every time."""
    code = rng.choice(list(DEMO_DISTRICTS))
    short = DEMO_DISTRICTS[code]
    staff = {
        prefix: Staff.objects.get(username=f"{prefix}.{short}") for prefix, _ in DISTRICT_ROLES
    }
    moment = now - dt.timedelta(days=rng.uniform(1, 365), minutes=rng.randint(0, 600))
    with clock.frozen_at(moment):
        ref = _open_demo_case(rng, index, code, short, staff["op"])
    depth = rng.choices(range(len(PATH) + 1), weights=[8, 10, 20, 10, 14, 10, 8, 8, 6, 6])[0]
    refused = rng.random() < 0.18
    for stage in PATH[:depth]:
        moment += dt.timedelta(
            hours=rng.uniform(2, 24 * (3 if stage in (Stage.TRIAGED, Stage.ASSIGNED) else 20))
        )
        if moment >= now:
            return
        with clock.frozen_at(moment):
            if stage == Stage.FIR_REGISTERED and refused:
                commands.record_stage(
                    staff["police"],
                    ref,
                    stage=Stage.FIR_REFUSED,
                    reason="Police station declined to register (synthetic)",
                )
                return
            _reach_stage(rng, staff, short, ref, stage)
        if rng.random() < 0.35:
            moment += dt.timedelta(hours=rng.uniform(1, 48))
            if moment >= now:
                return
            with clock.frozen_at(moment):
                commands.add_note(staff["cw1"], ref, text=rng.choice(NOTES))


def _open_demo_case(rng: random.Random, index: int, code: str, short: str, operator: Staff) -> str:
    """Open the case through one of the intake channels; its reference."""
    channel = rng.choices([Channel.WEB, Channel.HELPLINE, Channel.SMS], weights=[4, 4, 2])[0]
    actor = {Channel.WEB: WEB_INTAKE, Channel.SMS: SMS_INTAKE}.get(channel, operator)
    category = rng.choices([c.value for c in Category], weights=[30, 12, 20, 12, 16, 10])[0]
    protected = {
        "victim_name": f"Demo Child {index:03d}",
        "narrative": rng.choice(NARRATIVES),
        "address": f"Demo Street {rng.randint(1, 99)}, {short.title()}",
    }
    if rng.random() < 0.6:
        protected["reporter_name"] = f"Demo Reporter {index:03d}"
        protected["reporter_phone"] = f"+92 300 0{index:06d}"
    age_band = rng.choice([b.value for b in AgeBand if b != AgeBand.ADULT])
    gender = rng.choices([Gender.GIRL, Gender.BOY, Gender.UNKNOWN], weights=[6, 4, 1])[0]
    case = commands.open_case(
        actor,
        channel=channel,
        category=category,
        district_code=code,
        victim_age_band=age_band,
        victim_gender=gender,
        protected=protected,
    )
    return case.ref


def _reach_stage(
    rng: random.Random, staff: dict[str, Staff], short: str, ref: str, stage: str
) -> None:
    """Move the case to ``stage``, by the person whose work that is."""
    if stage == Stage.ASSIGNED:
        commands.assign_case(
            staff["sup"], ref, owner_username=rng.choice(["cw1", "cw2"]) + f".{short}"
        )
    elif stage == Stage.CLOSED:
        # Past an FIR, closing needs a second person: the supervisor asks, the DCPO approves.
        commands.request_closure(
            staff["sup"],
            ref,
            reason="Proceedings concluded (synthetic)",
            reason_code="proceedings_concluded",
        )
        commands.decide_closure(staff["dcpo"], ref, approve=True)
    elif stage == Stage.VERDICT:
        commands.record_verdict(
            staff["pros"], ref, outcome=rng.choices(["conviction", "acquittal"], weights=[6, 4])[0]
        )
    elif stage in (Stage.TRIAL, Stage.CHALLAN_SUBMITTED):
        commands.record_stage(staff["pros"], ref, stage=stage)
    elif stage in (Stage.FIR_REGISTERED, Stage.INVESTIGATION):
        commands.record_stage(staff["police"], ref, stage=stage)
        if stage == Stage.INVESTIGATION:
            _arrest(rng, staff["police"], ref)
    else:
        commands.record_stage(staff["sup"], ref, stage=stage)


def _arrest(rng: random.Random, police: Staff, ref: str) -> None:
    """An accused person, arrested, then before a magistrate the same day."""
    commands.add_accused(police, ref, relation=rng.choice(["family", "neighbour", "stranger"]))
    commands.record_custody(
        police, ref, number=1, custody="arrested", basis="Arrested under the FIR (synthetic)"
    )
    commands.record_custody(
        police,
        ref,
        number=1,
        custody="judicial_remand",
        basis="Judicial remand ordered by the magistrate (synthetic)",
    )


DEMO_SERVICE_KINDS = [
    ("medical", "Demo District Hospital"),
    ("legal_aid", "Demo Legal Aid Desk"),
    ("psychosocial", "Demo Counselling Centre"),
    ("shelter", "Demo Safe House"),
    ("child_protection", "Demo Child Protection Unit"),
]


def _create_services() -> None:
    for code, short in DEMO_DISTRICTS.items():
        for kind, name in DEMO_SERVICE_KINDS:
            Service.objects.get_or_create(
                code=f"demo-{short}-{kind}".replace("_", "-"),
                defaults={
                    "district_id": code,
                    "kind": kind,
                    "name": f"{name}, {short.title()} (synthetic)",
                    "contact": "+92 300 0000000",
                },
            )


def publish_demo_figures(now: dt.datetime) -> None:
    """The figures pages need releases: last month's and the 12 months ending with it."""
    last = last_complete_month(now)
    for kind in ("month", "rolling"):
        publish(Period(kind, last))


def load_demo(*, cases: int = 300, seed: int = 2015) -> DemoResult:
    if Staff.objects.filter(username=DEMO_MARKER_USERNAME).exists():
        return DemoResult(created=False, staff=0, cases=Case.objects.count())
    rng = random.Random(seed)  # noqa: S311 (repeatable invented data, not a secret)
    now = clock.now()
    with transaction.atomic():
        staff_count = _create_staff()
        _create_services()
        for index in range(1, cases + 1):
            _one_case(rng, index, now)
        load_demo_alerts(now)
    publish_demo_figures(now)
    sequence_and_sign()
    return DemoResult(created=True, staff=staff_count, cases=Case.objects.count())
