"""The staff lists at scale: p50 and p95 latency of My cases (a Kasur case worker), Overdue (the
same person), the province summary (Punjab's oversight) and "All cases" filtered (oversight:
Kasur, closed without an FIR; and Kasur, overdue), each beside GET /healthz of the same server in
the same run, over N synthetic cases with about ten events each (bench/staff_data.py).

The server is the real one (`nigraan serve`, gunicorn, 2 workers × 4 threads) on this database;
the person is logged in by a session made as login makes it. One client, requests in turn, after
a few unmeasured requests warm each page
(the first one's time is printed too: the province summary's counts are cached for a minute, so
that first request is the one that counts them). Each list's query plan (EXPLAIN on PostgreSQL,
EXPLAIN QUERY PLAN on SQLite) is written to var/bench/staff_lists_plans_<database>.txt."""

from __future__ import annotations

import http.client
import os
import statistics
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.urls import reverse
from django.utils import translation

from bench.staff_data import HOME, NOW, fill, workers_needed
from nigraan.testing.processes import nigraan_server

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 60  # measured per list
WARM = 3
PROVINCE = "PK6"  # Punjab, Kasur's province


def _staff(districts: list[tuple[str, str]], cases: int) -> tuple[dict, dict]:
    """Case workers per district, one oversight officer for Punjab: (usernames per district,
    id per username)."""
    from nigraan.accounts.models import Jurisdiction, Role, Staff

    people = []
    owners: dict[str, list[str]] = {}
    for code, count in workers_needed(districts, cases).items():
        owners[code] = [f"cw.{code.lower()}.{n}" for n in range(count)]
        people += [Staff(username=name, role=Role.CASE_WORKER) for name in owners[code]]
    people.append(Staff(username="oversight.punjab", role=Role.OVERSIGHT))
    for person in people:
        person.set_unusable_password()
    Staff.objects.bulk_create(people, batch_size=2000)
    ids = dict(Staff.objects.values_list("username", "id"))
    areas = [
        Jurisdiction(staff_id=ids[name], level="district", code=code)
        for code, names in owners.items()
        for name in names
    ]
    areas.append(Jurisdiction(staff_id=ids["oversight.punjab"], level="province", code=PROVINCE))
    Jurisdiction.objects.bulk_create(areas, batch_size=2000)
    return owners, ids


def _session(username: str) -> str:
    """A logged-in session for this person, as django.contrib.auth.login writes it."""
    from django.contrib.sessions.backends.db import SessionStore

    from nigraan.accounts.models import Staff

    person = Staff.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _latencies(port: int, path: str, cookie: str) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    out = []
    for _request in range(WARM + REQUESTS):
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}: {body[:300]!r}")
        out.append(time.perf_counter() - start)
    conn.close()
    return out


def _p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def _lists() -> list[tuple[str, str, str]]:
    """(name, who, path) of each measured list."""
    with translation.override("en"):
        listing = reverse("web:case_list")
        return [
            ("my cases", f"cw.{HOME.lower()}.0", reverse("web:my_cases")),
            ("overdue (mine)", f"cw.{HOME.lower()}.0", reverse("web:overdue")),
            ("province summary", "oversight.punjab", reverse("web:summary")),
            ("all cases: Kasur, no FIR", "oversight.punjab", f"{listing}?district={HOME}&no_fir=1"),
            (
                "all cases: Kasur, overdue",
                "oversight.punjab",
                f"{listing}?district={HOME}&overdue=1",
            ),
            ("all cases: Kasur, page 50", "oversight.punjab", f"{listing}?district={HOME}&page=50"),
        ]


def _plans() -> str:
    """Each list's main query and its plan at this size, as the database tells it."""
    from bench.staff_plans import plans

    with translation.override("en"):
        return plans(HOME, PROVINCE, NOW)


def run(cases: int) -> list[dict]:
    from nigraan.geo.load import load_geography
    from nigraan.geo.models import District

    load_geography()
    districts = list(District.objects.order_by("code").values_list("code", "province_id"))
    setup = time.perf_counter()
    owners, ids = _staff(districts, cases)
    written, events = fill(cases, districts, owners, ids)
    setup = time.perf_counter() - setup
    plans = ROOT / "var" / "bench" / f"staff_lists_plans_{connection.vendor}.txt"
    plans.parent.mkdir(parents=True, exist_ok=True)
    plans.write_text(_plans(), encoding="utf-8")
    log = Path(tempfile.mkdtemp(prefix="nigraan-bench-")) / "serve.log"
    rows = []
    with nigraan_server(dict(os.environ), log) as (_, base):
        port = int(base.rsplit(":", 1)[1])
        cookies = {who: _session(who) for _name, who, _path in _lists()}
        for index, (name, who, path) in enumerate(_lists()):
            trivial = _latencies(port, "/healthz", cookies[who])[WARM:]
            every = _latencies(port, path, cookies[who])
            first, ours = every[0], every[WARM:]
            size = (
                f"; {written:,} cases, {events:,} events (setup {setup:.0f}s)" if index == 0 else ""
            )
            rows.append(
                {
                    "measure": f"staff list p95 ms: {name} (p50 {_p(ours, 50) * 1000:.0f} ms; "
                    f"first request {first * 1000:.0f} ms; "
                    f"healthz p50 {_p(trivial, 50) * 1000:.1f} ms){size}",
                    "ours": _p(ours, 95) * 1000,
                    "baseline": _p(trivial, 95) * 1000,
                    "ratio": _p(ours, 95) / _p(trivial, 95),
                    "target": "p95 < 150 ms",
                }
            )
    return rows
