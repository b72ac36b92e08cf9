"""Response headers every page and endpoint carries, and the recording of refused requests.

``SecurityHeadersMiddleware`` adds what Django's SecurityMiddleware does not: the
Content-Security-Policy (no inline code, no other origin, no framing), a Permissions-Policy, and
``Cache-Control: no-store`` on every response that has not chosen its own caching. Defaulting to
no-store means a new page showing case data cannot forget it; a public, case-free endpoint that
wants caching sets its own Cache-Control. It sits after WhiteNoise, so static files keep theirs.

A small middleware rather than django-csp: the policy is one fixed string (no nonces, since
nothing is inline), and the same place must also set no-store; Django 6.0 brings CSP itself.

``RefusalRecordingMiddleware`` records a staff member's refused request (any 403 answer) as a
security event, unless the refusal was already recorded where it happened, and writes the
refusals that were raised inside rolled-back transactions.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from nigraan.security import events
from nigraan.security.addresses import client_address

Handler = Callable[[HttpRequest], HttpResponse]


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        self.csp = settings.NIGRAAN_CSP
        self.permissions_policy = settings.NIGRAAN_PERMISSIONS_POLICY

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.csp)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response


class RefusalRecordingMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        scope = events.begin_request()
        try:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if response.status_code == 403 and not events.refusal_recorded():
                events.record_refusal(
                    user, what="page", path=request.path, address=client_address(request)
                )
            events.flush_pending()
        finally:
            events.end_request(scope)
        return response
