"""Security settings read from NIGRAAN_* variables, once, by ``nigraan.settings``.

Each function returns the settings for one concern with a safe default, or raises
``ImproperlyConfigured`` with a message that says which variable to set and how, so a wrong
configuration stops the site at start-up instead of running unsafely. Nothing here imports
Django models: settings import it before apps are ready.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

YEAR_SECONDS = 365 * 24 * 3600

# No inline script or style anywhere (tests/security/test_templates.py keeps it so); no third-party
# origin; scripts only as this site's static files (the public pages' quick exit); forms post only
# to this site; no page may be framed.
DEFAULT_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
FORBIDDEN_CSP_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'")

# The site uses none of these browser features; saying so stops an injected frame or a
# compromised dependency from asking for them.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)

SMS_GATEWAYS = ("twilio", "rapidpro", "json", "simulated")


def _environ(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def _int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < 0:
        raise ImproperlyConfigured(f"{name} must not be negative")
    return value


def _bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    value = environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def trusted_proxies(environ: Mapping[str, str] | None = None) -> int:
    """How many reverse proxies in front of Nigraan append to X-Forwarded-For
    (``NIGRAAN_TRUSTED_PROXIES``, default 0: the socket's address is the client's).

    The old yes/no ``NIGRAAN_BEHIND_PROXY`` trusted the left-most X-Forwarded-For entry, which
    the client writes, so rotating it escaped every per-address limit. It is refused rather
    than reinterpreted: only the operator knows how many proxies append to the header."""
    environ = _environ(environ)
    if _bool(environ, "NIGRAAN_BEHIND_PROXY", False):
        raise ImproperlyConfigured(
            "NIGRAAN_BEHIND_PROXY is no longer read: it trusted an address the client can write. "
            "Remove it and set NIGRAAN_TRUSTED_PROXIES to the number of reverse proxies in front "
            "of Nigraan that add to X-Forwarded-For (1 for a single nginx or load balancer)."
        )
    return _int(environ, "NIGRAAN_TRUSTED_PROXIES", 0)


@dataclass(frozen=True)
class TransportSecurity:
    """What follows from declaring (``NIGRAAN_TLS=1``) that the site is served over HTTPS."""

    tls: bool
    ssl_redirect: bool
    secure_cookies: bool
    hsts_seconds: int
    hsts_include_subdomains: bool
    hsts_preload: bool


def transport_security(environ: Mapping[str, str] | None = None) -> TransportSecurity:
    """HTTPS settings. Without ``NIGRAAN_TLS`` nothing changes (a laptop demo on plain HTTP);
    with it: redirect to HTTPS, secure cookies, HSTS for a year including subdomains
    (``NIGRAAN_HSTS_SECONDS``, ``NIGRAAN_HSTS_INCLUDE_SUBDOMAINS``) and, only when asked
    (``NIGRAAN_HSTS_PRELOAD=1``), the preload flag, which is hard to undo."""
    environ = _environ(environ)
    tls = _bool(environ, "NIGRAAN_TLS", False)
    secure_cookies = tls or _bool(environ, "NIGRAAN_SECURE_COOKIES", False)
    if not tls:
        return TransportSecurity(False, False, secure_cookies, 0, False, False)
    return TransportSecurity(
        tls=True,
        ssl_redirect=_bool(environ, "NIGRAAN_SSL_REDIRECT", True),
        secure_cookies=True,
        hsts_seconds=_int(environ, "NIGRAAN_HSTS_SECONDS", YEAR_SECONDS),
        hsts_include_subdomains=_bool(environ, "NIGRAAN_HSTS_INCLUDE_SUBDOMAINS", True),
        hsts_preload=_bool(environ, "NIGRAAN_HSTS_PRELOAD", False),
    )


def content_security_policy(environ: Mapping[str, str] | None = None) -> str:
    """The Content-Security-Policy header (``NIGRAAN_CSP`` replaces it whole). A policy that
    allows inline or eval'd code is refused: it would undo what the header is for."""
    policy = _environ(environ).get("NIGRAAN_CSP", "").strip() or DEFAULT_CSP
    lowered = policy.lower()
    for source in FORBIDDEN_CSP_SOURCES:
        if source in lowered:
            raise ImproperlyConfigured(
                f"NIGRAAN_CSP may not contain {source}: move inline code into static files"
            )
    return policy


def sms_gateway(environ: Mapping[str, str] | None = None, *, demo_mode: bool, testing: bool) -> str:
    """The outbound SMS gateway's name, or "" when SMS is not used.

    ``NIGRAAN_SMS_GATEWAY`` names it (twilio, rapidpro, json); an old configuration with only
    ``NIGRAAN_SMS_GATEWAY_URL`` means the generic JSON one. The simulated gateway keeps every
    message, phone number and receipt code in plain text in the database, so it runs only on a
    demo site or in the test suite; elsewhere, SMS switched on (``NIGRAAN_SMS_INBOUND_TOKEN``)
    without a real gateway stops the site at start-up."""
    environ = _environ(environ)
    name = environ.get("NIGRAAN_SMS_GATEWAY", "").strip().lower()
    if not name and environ.get("NIGRAAN_SMS_GATEWAY_URL", "").strip():
        name = "json"
    if name and name not in SMS_GATEWAYS:
        raise ImproperlyConfigured(
            f"NIGRAAN_SMS_GATEWAY={name!r} is not known; use one of: {', '.join(SMS_GATEWAYS)}"
        )
    sandbox = demo_mode or testing
    if name == "simulated" and not sandbox:
        raise ImproperlyConfigured(
            "NIGRAAN_SMS_GATEWAY=simulated stores every SMS, phone number and receipt code in "
            "plain text: it runs only on a demo site (NIGRAAN_DEMO_MODE=1). Choose twilio, "
            "rapidpro or json (docs/intake.md)."
        )
    if not name and sandbox:
        return "simulated"
    if not name and environ.get("NIGRAAN_SMS_INBOUND_TOKEN", "").strip():
        raise ImproperlyConfigured(
            "SMS is switched on (NIGRAAN_SMS_INBOUND_TOKEN is set) but no gateway sends the "
            "replies: set NIGRAAN_SMS_GATEWAY to twilio, rapidpro or json and its variables "
            "(docs/intake.md). The simulated gateway runs only on demo sites."
        )
    return name


def testing(environ: Mapping[str, str] | None = None) -> bool:
    """Set by the test suite's start-up (``nigraan.testing.pytest_env``), never in production."""
    return _bool(_environ(environ), "NIGRAAN_TEST_RUN", False)


def sms_options(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The raw variables the SMS gateways read (``NIGRAAN_SMS_*``, ``NIGRAAN_TWILIO_*``); each
    gateway module checks its own at start-up (``nigraan.notify.gateways.configured_gateway``)."""
    return {
        name: value
        for name, value in _environ(environ).items()
        if name.startswith(("NIGRAAN_SMS_", "NIGRAAN_TWILIO_"))
    }
