"""``nigraan media ingest [--outlet NAME] [--once]``: what an operator runs to read the outlets by
hand, or to check one outlet's feeds. Unlike the background task it runs whether or not
``NIGRAAN_PRESS_INGEST`` is on: asking for it is the operator's choice."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper
from django.db import close_old_connections

from nigraan.media.ingest.outlets import FILE, Outlet, OutletsInvalid, load_outlets
from nigraan.media.ingest.run import Ingest
from nigraan.media.models import FeedState

# The order counts are printed in; any other count follows.
REPORTED = (
    "listings_read",
    "listings_not_modified",
    "listings_failed",
    "entries_queued",
    "entries_set_aside",
    "pages_pending",
    "pages_copy",
    "pages_set_aside",
    "pages_retry",
    "pages_refused_by_robots",
    "incident_reports",
    "not_incident",
    "wire_copies",
    "new_incidents",
    "joined",
    "follow_ups",
)


def run_ingest(out: OutputWrapper, outlet_name: str | None, *, once: bool) -> None:
    try:
        outlets = load_outlets()
        selected = outlets.enabled(outlet_name)
    except OutletsInvalid as invalid:
        raise CommandError(str(invalid)) from invalid
    except KeyError as unknown:
        names = ", ".join(outlet.name for outlet in outlets.outlets)
        raise CommandError(f"{unknown.args[0]}; the outlets are: {names}") from unknown
    if not selected:
        raise CommandError(f"every outlet in {FILE} is switched off (enabled: false)")
    stop = threading.Event()
    if not once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    while True:
        counts = Ingest(outlets).run(selected)
        out.write(_summary(counts))
        for outlet in selected:
            out.write(_feed_states(outlet))
        if once:
            return
        close_old_connections()  # between runs, as the worker does between tasks
        if stop.wait(settings.NIGRAAN_PRESS_INGEST_SECONDS):
            return


def _summary(counts: dict[str, int]) -> str:
    ordered = [name for name in REPORTED if counts.get(name)]
    ordered += sorted(name for name in counts if name not in REPORTED and counts[name])
    words = ", ".join(f"{name.replace('_', ' ')} {counts[name]}" for name in ordered)
    return f"press ingest: {words or 'nothing new'}\n"


def _feed_states(outlet: Outlet) -> str:
    lines = []
    for state in FeedState.objects.filter(address__in=outlet.sources).order_by("address"):
        problem = f" ({state.last_error})" if state.last_error else ""
        lines.append(f"  {outlet.name}: {state.address}: {state.last_status or '-'}{problem}\n")
    return "".join(lines)
