"""The query plans of the staff lists' queries (the page's rows and its count), as this database
gives them: EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import QuerySet

from nigraan import clock
from nigraan.accounts.models import Staff
from nigraan.ledger.models import Event
from nigraan.web import case_filters
from nigraan.web import work_queries as q
from nigraan.web.views import PAGE_SIZE
from nigraan.web.views_work import ROWS_PER_PAGE as ROWS


def _explain(query: QuerySet) -> str:
    if connection.vendor == "postgresql":
        return query.explain(analyze=True)
    return query.explain()


def _newest_event() -> QuerySet:
    """The one query a cached province summary makes (case_filters.summary_cache_key)."""
    return Event.objects.order_by("-pk").values("pk")[:1]


def _count(query: QuerySet) -> QuerySet:
    """The Paginator's count, as a query that can be explained."""
    return query.order_by().values("pk")


def plans(home: str, province: str, _when: dt.datetime) -> str:
    now = clock.now()
    worker = Staff.objects.get(username=f"cw.{home.lower()}.0")
    oversight = Staff.objects.get(username="oversight.punjab")
    filtered = {
        "no_fir": case_filters.CaseFilters(district=home, flags={"no_fir"}),
        "overdue": case_filters.CaseFilters(district=home, flags={"overdue"}),
        "district": case_filters.CaseFilters(district=home),
    }
    queries: list[tuple[str, QuerySet]] = [
        ("My cases: the page", q.my_open_cases(worker)[:ROWS]),
        ("My cases: the count", _count(q.my_open_cases(worker))),
        ("Overdue (mine): the page", q.overdue(worker, q.OverdueScope.MINE, now)[:ROWS]),
        ("Overdue (mine): the count", _count(q.overdue(worker, q.OverdueScope.MINE, now))),
        (f"Province summary ({province}), counted", case_filters.summary_query(oversight, now)),
        ("Province summary: its cache key (the newest event)", _newest_event()),
    ]
    for name, chosen in filtered.items():
        cases = chosen.apply(oversight, now)
        queries.append((f"All cases, {home}, {name}: the page", cases[:PAGE_SIZE]))
        queries.append((f"All cases, {home}, {name}: the count", _count(cases)))
    deep = filtered["district"].apply(oversight, now).values_list("pk", flat=True)
    queries.append(
        (f"All cases, {home}, district: page 50's ids", deep[49 * PAGE_SIZE :][:PAGE_SIZE])
    )
    out = [f"# {connection.vendor}: {len(queries)} queries\n"]
    for name, query in queries:
        out.append(f"## {name}\n\n{query.query}\n\n{_explain(query)}\n")
    return "\n".join(out)
