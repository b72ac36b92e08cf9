"""The live figures' block on the national figures page (``stats/live.py`` counts them)."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from nigraan.stats.live import ROOT, ROUND_TO, LiveCount, LiveFigures


def live_text(count: LiveCount) -> str:
    if count.value is None:
        return _("fewer than %(n)d") % {"n": count.fewer_than}
    if count.value == 0:
        return "0"
    return _("about %(n)s") % {"n": f"{count.value:,}"}


def live_context(live: LiveFigures, names: dict[str, str]) -> dict:
    return {
        "month": live.month,
        "as_of": live.as_of,
        "round_to": ROUND_TO,
        "minutes": settings.NIGRAAN_FIGURES_LIVE_MINUTES,
        "national": live_text(live.reports[ROOT]),
        "provinces": [
            {"code": code, "name": names.get(code, code), "text": live_text(count)}
            for code, count in live.reports.items()
            if code != ROOT
        ],
    }
