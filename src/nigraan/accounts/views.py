"""Staff login: password (argon2), then a TOTP code for every role that reads protected data.

Nobody is logged in until every required factor has passed; between the two steps only the
pending staff id sits in the session. Failures at either step count towards the throttle (a
replayed second-factor code is refused but not counted); every outcome is a security event.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from nigraan import clock
from nigraan.accounts import throttle, totp
from nigraan.accounts.models import Staff
from nigraan.security import events as security_events
from nigraan.security.addresses import client_address
from nigraan.security.models import SecurityEventKind

PENDING_ID = "nigraan_pending_staff"
PENDING_AT = "nigraan_pending_at"
ENROL_SECRET = "nigraan_enrol_secret"  # noqa: S105 (the session key's name, not a secret)
NEXT = "nigraan_next"
PENDING_LIFETIME = dt.timedelta(minutes=5)
MAX_FIELD = 200


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or request.session.get(NEXT, "")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _locked_message(lock: throttle.Lock) -> str:
    local = formats.time_format(timezone.localtime(lock.until), "H:i")
    return _("Too many failed attempts. Please try again after %(time)s.") % {"time": local}


def _refuse_login(username: str, address: str) -> tuple[str, bool]:
    """Count a failed password, record it (and the lock it may start); the page's message."""
    throttle.record_failure(username, address)
    known = Staff.objects.filter(username=username).exists()
    # Only a username that exists is recorded: a mistyped one can be the password.
    actor = username if known else ""
    security_events.record(SecurityEventKind.LOGIN_FAILED, actor=actor, address=address)
    lock = throttle.lock_for(username, address)
    if lock is None:
        return _("That username and password do not match."), False
    security_events.record(
        SecurityEventKind.LOGIN_LOCKED, actor=actor, address=address, until=lock.until.isoformat()
    )
    return _locked_message(lock), True


@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    locked = False
    if request.method == "POST":
        username = request.POST.get("username", "")[:MAX_FIELD].strip()
        password = request.POST.get("password", "")[:MAX_FIELD]
        address = client_address(request)
        lock = throttle.lock_for(username, address)
        if lock:
            error, locked = _locked_message(lock), True
        else:
            staff = authenticate(request, username=username, password=password)
            if staff is None:
                error, locked = _refuse_login(username, address)
            elif not totp.requires_second_factor(staff):
                throttle.clear_username(username)
                login(request, staff)
                security_events.record(
                    SecurityEventKind.LOGIN_SUCCEEDED, actor=staff.get_username(), address=address
                )
                return redirect(_next_url(request))
            else:
                next_url = _next_url(request)
                request.session.cycle_key()
                request.session[PENDING_ID] = staff.pk
                request.session[PENDING_AT] = clock.now().timestamp()
                request.session[NEXT] = next_url
                return redirect("accounts:second_factor")
    return render(
        request,
        "accounts/login.html",
        {
            "error": error,
            "username": username,
            "next": request.GET.get("next", ""),
        },
        status=429 if locked else 200,
    )


def _pending_staff(request: HttpRequest) -> Staff | None:
    staff_id, started = request.session.get(PENDING_ID), request.session.get(PENDING_AT)
    if staff_id is None or started is None:
        return None
    if clock.now().timestamp() - float(started) > PENDING_LIFETIME.total_seconds():
        return None
    return Staff.objects.filter(pk=staff_id, is_active=True).first()


def _check_second_factor(
    request: HttpRequest, staff: Staff, secret: str | None
) -> tuple[HttpResponse | None, str]:
    """Check the posted code: a redirect once logged in, or the page's error message."""
    address = client_address(request)
    lock = throttle.lock_for(staff.username, address)
    if lock:
        return None, _locked_message(lock)
    outcome = totp.check_code(staff, request.POST.get("code", "")[:20], secret)
    if outcome is totp.CodeCheck.ACCEPTED:
        throttle.clear_username(staff.username)
        next_url = request.session.get(NEXT) or reverse(settings.LOGIN_REDIRECT_URL)
        login(request, staff, backend="django.contrib.auth.backends.ModelBackend")
        if secret:
            security_events.record(
                SecurityEventKind.SECOND_FACTOR_ENROLLED, actor=staff.username, address=address
            )
        security_events.record(
            SecurityEventKind.LOGIN_SUCCEEDED, actor=staff.username, address=address
        )
        return redirect(next_url), ""
    if outcome is totp.CodeCheck.REPLAYED:
        # Refused, recorded, and not counted towards the address lock (see totp.check_code).
        security_events.record(
            SecurityEventKind.SECOND_FACTOR_REPLAYED, actor=staff.username, address=address
        )
        return None, _("That code was already used. Wait for the next code and enter it.")
    throttle.record_failure(staff.username, address)
    security_events.record(
        SecurityEventKind.SECOND_FACTOR_FAILED, actor=staff.username, address=address
    )
    return None, _(
        "That code is not right. Use the newest 6-digit code from your authenticator app."
    )


@never_cache
@require_http_methods(["GET", "POST"])
def second_factor_view(request: HttpRequest) -> HttpResponse:
    staff = _pending_staff(request)
    if staff is None:
        return redirect("accounts:login")
    enrolling = not staff.totp_secret
    if enrolling and ENROL_SECRET not in request.session:
        request.session[ENROL_SECRET] = totp.new_secret()
    secret = request.session.get(ENROL_SECRET) if enrolling else None
    error = ""
    if request.method == "POST":
        done, error = _check_second_factor(request, staff, secret)
        if done is not None:
            return done
    context = {"error": error, "enrolling": enrolling}
    if enrolling and secret:
        uri = totp.provisioning_uri(staff, secret)
        context.update({"qr_svg": totp.qr_svg(uri), "secret": secret})
    return render(request, "accounts/second_factor.html", context)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")
