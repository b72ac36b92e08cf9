"""An alert's area from the last-seen point and the time since (rules/alert_targeting.yaml), or
from districts chosen by staff."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from nigraan.alerts.content import AlertArea, Circle
from nigraan.alerts.geometry import districts_touching
from nigraan.alerts.targeting_rules import TargetingRules, current_targeting_rules
from nigraan.geo.models import District


class AreaInvalid(ValueError):
    """The area cannot be targeted; ``message_ur`` says why in Urdu."""

    def __init__(self, message: str, message_ur: str) -> None:
        super().__init__(message)
        self.message_ur = message_ur


def circle_area(circle: Circle) -> AlertArea:
    """A circle, with the districts it reaches into (CAP geocodes; subscribers who named only
    a district are reached through them)."""
    touched = districts_touching(circle)
    if not touched:
        raise AreaInvalid(
            "the circle reaches no district of Pakistan",
            "یہ دائرہ پاکستان کے کسی ضلع تک نہیں پہنچتا",
        )
    return AlertArea(circle=circle, district_codes=touched)


def last_seen_area(
    lat: float,
    lon: float,
    last_seen_at: dt.datetime,
    now: dt.datetime,
    rules: TargetingRules | None = None,
) -> AlertArea:
    """The circle around the last-seen point, as wide as the rules say for the time since."""
    rules = rules or current_targeting_rules()
    return circle_area(rules.circle_for(lat, lon, last_seen_at, now))


def districts_area(codes: Sequence[str]) -> AlertArea:
    """Districts chosen by staff, each a known P-code."""
    wanted = sorted(set(codes))
    known = set(District.objects.filter(code__in=wanted).values_list("code", flat=True))
    unknown = [code for code in wanted if code not in known]
    if not wanted or unknown:
        raise AreaInvalid(f"choose known districts (unknown: {unknown})", "معلوم اضلاع منتخب کریں")
    return AlertArea(district_codes=tuple(wanted))
