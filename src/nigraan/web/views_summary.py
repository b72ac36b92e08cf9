"""Oversight's view: the province summary (per district, how many cases are open, overdue,
escalated, unowned, flagged, closed without an FIR, with an accused released; each count a link
to "All cases" filtered to exactly those cases) and where staff land after logging in."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from nigraan import clock
from nigraan.accounts.models import Role
from nigraan.accounts.staff_request import StaffRequest, staff_login_required
from nigraan.web import case_filters

# Roles that land on the province summary after logging in; everyone else lands on My cases.
SUMMARY_ROLES = frozenset({Role.OVERSIGHT.value})


@staff_login_required
def home(request: StaffRequest) -> HttpResponse:
    """Where login sends staff: oversight to the province summary, the others to My cases."""
    if request.user.role in SUMMARY_ROLES:
        return redirect("web:summary")
    return redirect("web:my_cases")


@staff_login_required
def summary(request: StaffRequest) -> HttpResponse:
    rows = case_filters.summary(request.user, clock.now())
    listing = reverse("web:case_list")
    districts = [
        {
            "row": row,
            "cells": [
                {
                    "name": name,
                    "label": case_filters.FLAGS[name][0],
                    "count": count,
                    "url": f"{listing}?{urlencode({'district': row.code, name: '1'})}",
                }
                for name, count in row.counts
            ],
            "any": any(count for _name, count in row.counts),
        }
        for row in rows
    ]
    return render(
        request,
        "web/summary.html",
        {
            # Districts with cases first (in code order); those with none named in one line.
            "districts": [d for d in districts if d["any"]],
            "quiet": [d["row"] for d in districts if not d["any"]],
            "no_district": case_filters.NO_DISTRICT,
        },
    )
