"""Staff pages: the case list and a case's timeline."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect


def root_redirect(request: HttpRequest) -> HttpResponse:
    return redirect("/en/staff/")


def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"ok": True})


def case_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("not yet")


def case_detail(request: HttpRequest, case_ref: str) -> HttpResponse:
    return HttpResponse("not yet")
