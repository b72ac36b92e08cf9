"""Make the golden ledger: a realistic synthetic ledger, written by the real commands, with the
projections stored beside it (tests/test_golden_ledger.py replays it).

Run once, from the repository root, on the code whose ledger format and projections are to be
kept: ``.venv/bin/python tests/data/golden/make_golden.py``. It works in a fresh temporary data
directory (SQLite), so its keys are made for this run only: the master key and the signing key
are random, synthetic, and thrown away with the directory. Only public key material is kept
(``public-key.json``). Every name, phone number and account in it is invented.

Imports of nigraan sit inside the functions on purpose: Django may be set up only after
``_environment`` has pointed it at the temporary data directory.

What it writes here:
- ``ledger.jsonl``: ``nigraan ledger export`` of the whole log (leaves and signed tree heads);
- ``public-key.json``: the log's origin, Ed25519 public key and C2SP verifier key;
- ``cases.json`` and ``deadlines.json``: every column of the stored projections;
- ``staff.json``: the staff the events name (replaying needs them as case owners);
- ``rules/``: the rules files in force, so replaying the deadlines does not depend on later
  rule changes.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ORIGIN = "golden.nigraan.test/ledger"
START = dt.datetime(2026, 2, 2, 4, 0, tzinfo=dt.UTC)  # 09:00 in Pakistan

STAFF = [
    # username, role, (level, code)
    ("sup.kasur", "supervisor", ("district", "PK614")),
    ("cw.kasur", "case_worker", ("district", "PK614")),
    ("dcpo.kasur", "district_officer", ("district", "PK614")),
    ("sup.lahore", "supervisor", ("district", "PK617")),
    ("cw.lahore", "case_worker", ("district", "PK617")),
    ("op.punjab", "helpline_operator", ("province", "PK6")),
    ("police.punjab", "police_liaison", ("province", "PK6")),
    ("pros.punjab", "prosecutor", ("province", "PK6")),
    ("oversight.punjab", "oversight", ("province", "PK6")),
    ("admin", "administrator", ("country", "PK")),
]
SERVICES = [
    ("kasur-dhq-medical", "PK614", "medical", "Synthetic District Hospital, Kasur"),
    ("kasur-legal-aid", "PK614", "legal_aid", "Synthetic Legal Aid Desk, Kasur"),
    ("kasur-shelter", "PK614", "shelter", "Synthetic Shelter, Kasur"),
]


def _environment(data_dir: Path) -> None:
    os.environ.pop("DATABASE_URL", None)
    for name in [key for key in os.environ if key.startswith("NIGRAAN_")]:
        del os.environ[name]
    os.environ.update(
        {
            "NIGRAAN_DATA_DIR": str(data_dir),
            "NIGRAAN_LOG_ORIGIN": ORIGIN,
            "NIGRAAN_FAST_PASSWORD_HASHER": "1",
            "NIGRAAN_DEMO_MODE": "0",
            "DJANGO_SETTINGS_MODULE": "nigraan.settings",
        }
    )


def _people() -> dict[str, Any]:
    from nigraan.accounts.models import Jurisdiction, Staff
    from nigraan.cases.models import Service

    people = {}
    for username, role, (level, code) in STAFF:
        staff = Staff.objects.create_user(
            username=username, password="synthetic golden pass 2026", role=role
        )
        Jurisdiction.objects.create(staff=staff, level=level, code=code)
        people[username] = staff
    for code, district, kind, name in SERVICES:
        Service.objects.create(code=code, district_id=district, kind=kind, name=name)
    return people


def _sweep(frozen: Any, **later: float) -> None:
    from nigraan.cases.sweep import sweep

    sweep(frozen.advance(**later))


def _seq_of(ref: str, kind: str, nth: int = 0) -> int:
    from nigraan.ledger.models import Event

    return list(Event.objects.filter(case_ref=ref, kind=kind).order_by("seq"))[nth].seq


def _case_a(people: dict[str, Any], frozen: Any) -> str:
    """A web report that goes the whole way: FIR, two accused, custody, charges, bail, a
    referral, hearings, a conviction, a date corrected, then closed."""
    from nigraan.accounts.permissions import Action
    from nigraan.cases import commands
    from nigraan.cases.actors import SystemActor

    web = SystemActor("intake.web", frozenset({Action.OPEN_CASE}))
    follow_up = SystemActor("intake.follow-up", frozenset({Action.ADD_NOTE}))
    case = commands.open_case(
        web,
        channel="web",
        category="sexual_abuse",
        district_code="PK614",
        victim_age_band="10-14",
        victim_gender="female",
        protected={
            "narrative": "Synthetic golden report. A parent is worried about a neighbour.",
            "address": "Synthetic street 1, Kasur",
            "reporter_phone": "+92 300 0000001",
            "victim_name": "Synthetic Child A",
        },
        report={
            "occurred": "about:2:weeks",
            "abuser_relation": "neighbour",
            "police": "no",
            "reporter": "parent",
            "contact": "phone",
            "wants_woman": True,
            "consent_share_police": True,
            "consent_share_services": True,
            "in_danger_now": False,
        },
    )
    ref = case.ref
    frozen.advance(hours=1)
    commands.record_stage(people["sup.kasur"], ref, stage="triaged", reason="first call made")
    commands.assign_case(
        people["sup.kasur"], ref, owner_username="cw.kasur", reason="on duty this week"
    )
    commands.add_note(people["cw.kasur"], ref, text="Synthetic note: called the family.")
    commands.add_reporter_message(follow_up, ref, text="Synthetic message: when will you call?")
    commands.add_reporter_message(
        follow_up, ref, text="Synthetic detail: the school is nearby.", purpose="information"
    )
    commands.reply_to_reporter(people["cw.kasur"], ref, text="Synthetic reply: tomorrow morning.")
    _sweep(frozen, hours=8)  # the medical examination (6 h) is missed: escalates
    commands.record_stage(people["cw.kasur"], ref, stage="medical_examination")
    frozen.advance(days=1)
    commands.record_stage(
        people["police.punjab"],
        ref,
        stage="fir_registered",
        reason="FIR 12/26",
        on=(frozen.current - dt.timedelta(hours=3)).date().isoformat(),
    )
    commands.add_accused(
        people["police.punjab"], ref, relation="neighbour", name="Synthetic Accused One"
    )
    commands.record_custody(
        people["police.punjab"], ref, number=1, custody="arrested", basis="CrPC s. 54 arrest"
    )
    commands.record_charge(people["police.punjab"], ref, accused_number=1, offence="PK.PPC.376.3")
    commands.add_accused(people["police.punjab"], ref, relation="family", custody="at_large")
    commands.record_custody(
        people["police.punjab"], ref, number=2, custody="arrested", basis="CrPC s. 54 arrest"
    )
    commands.record_charge(people["police.punjab"], ref, accused_number=2, offence="PK.PPC.377A")
    _sweep(frozen, hours=30)  # neither was brought before a magistrate within 24 h
    commands.record_custody(
        people["police.punjab"], ref, number=1, custody="judicial_remand", basis="remanded"
    )
    commands.record_custody(
        people["police.punjab"],
        ref,
        number=2,
        custody="bailed",
        basis="bail granted by the Sessions Court under CrPC s. 497",
    )
    commands.refer_case(
        people["cw.kasur"], ref, service_code="kasur-dhq-medical", share_details=True
    )
    commands.update_referral(people["cw.kasur"], ref, number=1, status="accepted")
    commands.update_referral(people["cw.kasur"], ref, number=1, status="completed")
    _sweep(frozen, days=18)  # the interim challan (17 days) is missed
    commands.record_stage(people["police.punjab"], ref, stage="investigation")
    commands.record_stage(people["police.punjab"], ref, stage="challan_submitted")
    frozen.advance(days=3)
    commands.record_stage(people["pros.punjab"], ref, stage="trial")
    frozen.advance(days=10)
    today = frozen.current.date()
    commands.record_hearing(
        people["pros.punjab"],
        ref,
        on=(today - dt.timedelta(days=1)).isoformat(),
        next_on=(today + dt.timedelta(days=14)).isoformat(),
        court="Synthetic Sessions Court, Kasur",
    )
    frozen.advance(days=14)
    commands.record_hearing(people["pros.punjab"], ref, on=frozen.current.date().isoformat())
    frozen.advance(days=7)
    commands.record_verdict(people["pros.punjab"], ref, outcome="conviction", accused=[1])
    fir_seq = _seq_of(ref, "case.stage_recorded", 2)  # triaged, medical, fir_registered
    commands.correct_date(
        people["sup.kasur"],
        ref,
        seq=fir_seq,
        on=(START + dt.timedelta(days=1)).date().isoformat(),
        reason="the FIR book shows an earlier date",
    )
    commands.read_protected(people["cw.kasur"], ref, reason="preparing the family's next visit")
    commands.record_stage(
        people["sup.kasur"],
        ref,
        stage="closed",
        reason="verdict given, no appeal filed",
        reason_code="proceedings_concluded",
    )
    return ref


def _case_b(people: dict[str, Any], frozen: Any) -> str:
    """A missing child entered by staff: urgent clocks escalate; the district and details are
    corrected; the case closes without an FIR (flagged)."""
    from nigraan.cases import commands

    case = commands.open_case(
        people["cw.kasur"],
        channel="staff",
        category="missing_child",
        district_code="PK614",
        victim_age_band="5-9",
        victim_gender="male",
        protected={"victim_name": "Synthetic Child B", "witness_name": "Synthetic Witness"},
        report={"in_danger_now": True, "contact": "none", "reporter": "relative"},
    )
    ref = case.ref
    _sweep(frozen, hours=2, minutes=30)  # urgent assignment (1 h) and FIR (2 h) missed
    _sweep(frozen, hours=2)
    commands.correct_field(
        people["sup.kasur"], ref, field="victim_age_band", value="10-14", reason="birth record"
    )
    commands.correct_field(
        people["sup.kasur"],
        ref,
        field="victim_name",
        value="Synthetic Child B Corrected",
        reason="spelling",
    )
    commands.correct_field(
        people["sup.kasur"], ref, field="witness_name", value="", reason="witness withdrew"
    )
    commands.correct_field(
        people["sup.kasur"], ref, field="district", value="PK617", reason="the family lives there"
    )
    commands.assign_case(people["sup.lahore"], ref, owner_username="cw.lahore")
    commands.add_note(people["cw.lahore"], ref, text="Synthetic note: child found at an aunt's.")
    commands.record_stage(
        people["sup.lahore"],
        ref,
        stage="closed",
        reason="child found safe with relatives",
        reason_code="child_found_safe",
    )
    return ref


def _case_c(people: dict[str, Any], frozen: Any) -> str:
    """A helpline report with no district: a 'compromise' outcome (flagged), then erased."""
    from nigraan.cases import commands

    case = commands.open_case(
        people["op.punjab"],
        channel="helpline",
        category="harassment",
        province_code="PK6",
        protected={"reporter_name": "Synthetic Caller", "narrative": "Synthetic harassment call."},
        report={"occurred": "unknown", "contact": "none"},
    )
    ref = case.ref
    frozen.advance(hours=1)
    commands.record_verdict(people["pros.punjab"], ref, outcome="compromise")
    commands.shred_case(people["admin"], ref, reason="lawful erasure request (synthetic)")
    return ref


def _case_d(people: dict[str, Any], frozen: Any) -> str:
    """An SMS report: referrals with and without consent, an FIR refused, an accused released,
    the report date corrected, closed by a 'compromise' (flagged)."""
    from nigraan.accounts.permissions import Action
    from nigraan.cases import commands
    from nigraan.cases.actors import SystemActor

    sms = SystemActor("intake.sms", frozenset({Action.OPEN_CASE}))
    case = commands.open_case(
        sms,
        channel="sms",
        category="sexual_abuse",
        district_code="PK614",
        victim_age_band="15-17",
        victim_gender="female",
        protected={"narrative": "Synthetic SMS report."},
        report={"occurred": "unknown", "contact": "none", "consent_share_services": False},
    )
    ref = case.ref
    frozen.advance(hours=2)
    commands.refer_case(
        people["sup.kasur"],
        ref,
        service_code="kasur-legal-aid",
        share_details=True,
        override_reason="the child is at risk tonight",
    )
    commands.refer_case(people["cw.kasur"], ref, service_code="kasur-shelter", share_details=False)
    commands.update_referral(people["cw.kasur"], ref, number=1, status="declined")
    commands.record_stage(people["police.punjab"], ref, stage="fir_refused", reason="no evidence")
    commands.add_accused(people["police.punjab"], ref, relation="stranger")
    commands.record_custody(
        people["police.punjab"], ref, number=1, custody="arrested", basis="CrPC s. 54 arrest"
    )
    commands.record_custody(
        people["police.punjab"], ref, number=1, custody="released", basis="released by police"
    )
    commands.correct_date(
        people["cw.kasur"],
        ref,
        seq=1,
        on=(frozen.current - dt.timedelta(days=2)).date().isoformat(),
        reason="the SMS was sent two days earlier",
    )
    commands.record_stage(
        people["dcpo.kasur"],
        ref,
        stage="closed",
        reason="the families settled",
        reason_code="compromise",
    )
    return ref


def _when(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def projections() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every stored case and deadline row, as JSON values (tests/test_golden_ledger.py compares
    a replay with what this wrote)."""
    from nigraan.cases.models import Case, Deadline

    cases = [
        {
            "ref": case.ref,
            "channel": case.channel,
            "category": case.category,
            "stage": case.stage,
            "is_open": case.is_open,
            "province": case.province_id,
            "district": case.district_id,
            "victim_age_band": case.victim_age_band,
            "victim_gender": case.victim_gender,
            "owner": case.owner.username if case.owner_id else None,
            "opened_at": _when(case.opened_at),
            "updated_at": _when(case.updated_at),
            "report": case.report,
            "protected": case.protected,
            "note_count": case.note_count,
            "accused": case.accused,
            "charges": case.charges,
            "flagged_for_oversight": case.flagged_for_oversight,
            "referrals": case.referrals,
            "court": case.court,
            "is_shredded": case.is_shredded,
            "last_seq": case.last_seq,
        }
        for case in Case.objects.select_related("owner").order_by("opened_at", "ref")
    ]
    deadlines = [
        {
            "case": deadline.case.ref,
            "rule_id": deadline.rule_id,
            "subject": deadline.subject,
            "title": deadline.title,
            "rules_version": deadline.rules_version,
            "started_at": _when(deadline.started_at),
            "due_at": _when(deadline.due_at),
            "escalate_every_seconds": int(deadline.escalate_every.total_seconds()),
            "met_at": _when(deadline.met_at),
            "stopped": deadline.stopped,
            "level": deadline.level,
            "next_escalation_at": _when(deadline.next_escalation_at),
            "escalates": deadline.escalates,
            "warn_at": _when(deadline.warn_at),
            "warned": deadline.warned,
        }
        for deadline in Deadline.objects.select_related("case").order_by(
            "case__opened_at", "rule_id", "subject"
        )
    ]
    return cases, deadlines


def _write(name: str, value: Any) -> None:
    text = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False)
    (HERE / name).write_text(text + "\n", encoding="utf-8")


def main() -> int:
    data_dir = Path(tempfile.mkdtemp(prefix="nigraan-golden-"))
    try:
        _environment(data_dir)
        sys.path.insert(0, str(HERE.parents[2] / "src"))
        import django

        django.setup()
        from django.core.management import call_command

        from nigraan import clock
        from nigraan.geo.load import load_geography
        from nigraan.ledger.keys import public_key_bytes, verifier_key
        from nigraan.ledger.models import Event
        from nigraan.ledger.sequencer import sequence_and_sign

        call_command("migrate", verbosity=0)
        load_geography()
        people = _people()
        with clock.frozen_at(START) as frozen:
            refs = [_case_b(people, frozen), _case_c(people, frozen)]
            sequence_and_sign()
            frozen.advance(minutes=5)
            refs += [_case_a(people, frozen), _case_d(people, frozen)]
            sequence_and_sign()
            frozen.advance(minutes=5)
            _sweep(frozen, hours=1)
            sequence_and_sign()
        call_command("ledger", "export", str(HERE / "ledger.jsonl"))
        _write(
            "public-key.json",
            {
                "origin": ORIGIN,
                "algorithm": "Ed25519",
                "public_key": base64.b64encode(public_key_bytes()).decode(),
                "verifier_key": verifier_key(),
            },
        )
        cases, deadlines = projections()
        _write("cases.json", cases)
        _write("deadlines.json", deadlines)
        _write("staff.json", [[u, role, list(place)] for u, role, place in STAFF])
        shutil.rmtree(HERE / "rules", ignore_errors=True)
        shutil.copytree(HERE.parents[2] / "src" / "nigraan" / "rules", HERE / "rules")
        kinds = sorted(set(Event.objects.values_list("kind", flat=True)))
        print(f"{len(refs)} cases, {Event.objects.count()} events, kinds: {', '.join(kinds)}")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
