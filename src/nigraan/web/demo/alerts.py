"""The demo's missing-child alerts (issue 14): one active drill (CAP status Exercise, reaching
test subscribers only) and one resolved alert (the child found, the description withdrawn).
Invented children and places' landmarks; never a real alert."""

from __future__ import annotations

import datetime as dt

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.alerts import workflow
from nigraan.alerts.criteria import current_criteria
from nigraan.alerts.subscribers import subscribe
from nigraan.cases import commands
from nigraan.cases.vocabulary import AgeBand, Category, Channel, Gender, Stage

# (district code, short name, last-seen point, English place, Urdu place)
DRILL = ("PK614", "kasur", (31.1170, 74.4460), "Kasur bus stand (drill)", "قصور بس اڈا (مشق)")
FOUND = ("PK617", "lahore", (31.5497, 74.3436), "Lahore Railway Station", "لاہور ریلوے اسٹیشن")
TEST_SUBSCRIBER = "03009990001"  # a drill needs a test subscriber to reach (synthetic number)


def _fields(place_en: str, place_ur: str, point: tuple[float, float], exercise: bool) -> dict:
    seen = (clock.now() - dt.timedelta(hours=1)).isoformat(timespec="minutes")
    return {
        "headline_en": f"Missing child, 8, last seen at {place_en}"[:120],
        "headline_ur": f"لاپتہ بچہ، عمر 8 سال، آخری بار {place_ur}"[:120],
        "description_en": "Demo alert. A boy of 8 in a blue school uniform (synthetic).",
        "description_ur": "ڈیمو الرٹ۔ آٹھ سال کا لڑکا، نیلی اسکول یونیفارم (فرضی)۔",
        "instruction_en": "If you see him, call Police 15 or 1099.",
        "instruction_ur": "اگر آپ اسے دیکھیں تو پولیس 15 یا 1099 پر فون کریں۔",
        "place_en": place_en[:45],
        "place_ur": place_ur[:45],
        "last_seen_at": seen,
        "lat": str(point[0]),
        "lon": str(point[1]),
        "age": "8",
        "exercise": "on" if exercise else "",
    }


def _issue(spec: tuple, index: int, *, exercise: bool) -> tuple[str, dict[str, Staff]]:
    code, short, point, place_en, place_ur = spec
    staff = {p: Staff.objects.get(username=f"{p}.{short}") for p in ("op", "cw1", "sup", "police")}
    case = commands.open_case(
        staff["op"],
        channel=Channel.HELPLINE,
        category=Category.MISSING_CHILD,
        district_code=code,
        victim_age_band=AgeBand.FROM_5,
        victim_gender=Gender.BOY,
        protected={"victim_name": f"Demo Child A{index}", "narrative": "Synthetic demo report."},
    )
    workflow.draft_alert(staff["cw1"], case.ref, _fields(place_en, place_ur, point, exercise))
    answers = {item.id: True for item in current_criteria().items}
    workflow.approve_alert(staff["sup"], case.ref, answers)
    return case.ref, staff


def load_demo_alerts(now: dt.datetime) -> int:
    """Both alerts, with the Act's clocks at different points; returns how many were made."""
    subscribe(TEST_SUBSCRIBER, language="ur", opted_in_by="staff", place=DRILL[2], is_test=True)
    with clock.frozen_at(now - dt.timedelta(hours=30)):
        ref, staff = _issue(FOUND, 1, exercise=False)
    with clock.frozen_at(now - dt.timedelta(hours=29)):
        commands.record_stage(staff["police"], ref, stage=Stage.FIR_REGISTERED)
        commands.record_police_contact(staff["police"], ref, how="visit")
    with clock.frozen_at(now - dt.timedelta(hours=2)):
        workflow.alert_found(staff["cw1"], ref)
    with clock.frozen_at(now - dt.timedelta(minutes=90)):
        ref, staff = _issue(DRILL, 2, exercise=True)
    with clock.frozen_at(now - dt.timedelta(minutes=40)):
        commands.record_stage(staff["police"], ref, stage=Stage.FIR_REGISTERED)
    return 2
