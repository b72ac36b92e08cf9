"""Django settings for Nigraan.

Every setting comes from an environment variable with a safe default, so that the
embedded default (one machine, SQLite, keys in ./var) needs no configuration at all.
All state lives in one data directory: ``NIGRAAN_DATA_DIR`` (default ``./var``).
The README lists every variable. Every ``NIGRAAN_*`` variable is read here, once, and code reads
``django.conf.settings``; the only exceptions are what runs before settings can load (the test
suite's environment plugin, nigraan.testing.pytest_env).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dj_database_url

from nigraan.config import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_text,
    secret_key,
)
from nigraan.ledger.witness_list import read_witnesses
from nigraan.security import env as security_env

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("NIGRAAN_DEBUG", False)
ALLOWED_HOSTS = env_list("NIGRAAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("NIGRAAN_CSRF_TRUSTED_ORIGINS", [])

# HTTPS, proxies and headers (docs/security.md lists the production variables). NIGRAAN_TLS=1
# declares the site is served over HTTPS: redirect, secure cookies, HSTS.
TRANSPORT = security_env.transport_security()
SECURE_COOKIES = TRANSPORT.secure_cookies
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = TRANSPORT.ssl_redirect
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the local health check speaks plain HTTP
SECURE_HSTS_SECONDS = TRANSPORT.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = TRANSPORT.hsts_include_subdomains
SECURE_HSTS_PRELOAD = TRANSPORT.hsts_preload
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("NIGRAAN_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# No persistent cookie on a reporter's phone: the CSRF cookie lives until the browser closes
# (Django's default is a year), and is not readable by scripts (there are none).
CSRF_COOKIE_AGE = None
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts,
# which Django's CSRF check rightly refuses. Other sites still get no referrer.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
NIGRAAN_CSP = security_env.content_security_policy()
# Where "Quick exit" on every public page leads: a neutral site that says nothing of Nigraan.
NIGRAAN_QUICK_EXIT_URL = (
    os.environ.get("NIGRAAN_QUICK_EXIT_URL", "").strip()
    or "https://www.google.com/search?q=weather"
)
NIGRAAN_PERMISSIONS_POLICY = security_env.PERMISSIONS_POLICY
# Reverse proxies that append to X-Forwarded-For (security.addresses.client_address).
NIGRAAN_TRUSTED_PROXIES = security_env.trusted_proxies()
if NIGRAAN_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-ninja: the API's docs page uses the Swagger UI files it ships (no CDN)
    "ninja",
    "nigraan.geo",
    "nigraan.accounts",
    "nigraan.ledger",
    "nigraan.cases",
    "nigraan.intake",
    "nigraan.notify",
    "nigraan.alerts",
    "nigraan.media",
    "nigraan.api",
    "nigraan.stats",
    "nigraan.web",
    "nigraan.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "nigraan.security.middleware.SecurityHeadersMiddleware",
    # Above LocaleMiddleware, so a language redirect made on the way out carries it too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nigraan.security.middleware.RefusalRecordingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "nigraan.urls"
CSRF_FAILURE_VIEW = "nigraan.intake.views_report.csrf_failure"
# A report's account is at most 10,000 characters; refuse far larger bodies before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("NIGRAAN_MAX_REQUEST_BYTES", str(2 * 1024 * 1024)))
# Files (an alert's photo) are not counted above: this ceiling stops a larger upload while it
# streams in (security/uploads.py), before it is written to a temporary file.
NIGRAAN_MAX_UPLOAD_BYTES = int(os.environ.get("NIGRAAN_MAX_UPLOAD_BYTES", str(25 * 1000 * 1000)))
FILE_UPLOAD_HANDLERS = [
    "nigraan.security.uploads.UploadCeiling",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
WSGI_APPLICATION = "nigraan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nigraan.web.context.site",
            ],
        },
    },
]


def _database() -> Mapping[str, Any]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(
            url, conn_max_age=int(os.environ.get("NIGRAAN_DB_CONN_MAX_AGE", "60"))
        )
        if config["ENGINE"] == "django.db.backends.postgresql":
            config.setdefault("OPTIONS", {})
            # No JIT compilation: the staff lists' aggregates are estimated costly enough for
            # PostgreSQL to compile them, which took seconds per request (5.5 s of the province
            # summary's 7 s at 100,000 cases) to save milliseconds (docs/performance.md).
            config["OPTIONS"].setdefault("options", "-c jit=off")
            # Two suite runs at once on one server (two developers, or helpers) need two test
            # databases: NIGRAAN_TEST_DB_NAME names this run's.
            if os.environ.get("NIGRAAN_TEST_DB_NAME"):
                config["TEST"] = {"NAME": os.environ["NIGRAAN_TEST_DB_NAME"]}
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "nigraan.sqlite3",
        "OPTIONS": {
            # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two writers
            # queue instead of failing half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            # WAL for concurrent readers; synchronous=FULL so an acknowledged commit
            # survives a power cut, not only a process crash.
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=FULL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=30000;"
                # Deleted rows (a shredded case key) are overwritten with zeros, whatever
                # this SQLite build's default is.
                "PRAGMA secure_delete=ON;"
            ),
        },
        "TEST": {"NAME": os.environ.get("NIGRAAN_TEST_SQLITE") or None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Staff"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"  # My cases; oversight: the province summary

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
# Tests only: argon2 with tiny cost, for staff passwords and receipt codes alike.
NIGRAAN_FAST_PASSWORD_HASHER = env_bool("NIGRAAN_FAST_PASSWORD_HASHER", False)
if NIGRAAN_FAST_PASSWORD_HASHER:
    PASSWORD_HASHERS = ["nigraan.accounts.hashers.FastArgon2PasswordHasher"]

# Staff passwords (NIST SP 800-63B): at least 15 characters, no composition rules, refused when
# common (also disguised) or made of context words (accounts/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 15},
    },
    {"NAME": "nigraan.accounts.passwords.BlocklistValidator"},
    {"NAME": "nigraan.accounts.passwords.ContextWordsValidator", "OPTIONS": {"min_length": 15}},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ur", "اردو")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("NIGRAAN_TIME_ZONE", "Asia/Karachi")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "uploads"

# Email (the outbox's email channel). Without NIGRAAN_EMAIL_HOST mail is written to the console.
EMAIL_HOST = os.environ.get("NIGRAAN_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("NIGRAAN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("NIGRAAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("NIGRAAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("NIGRAAN_EMAIL_TLS", False)
EMAIL_TIMEOUT = 15
DEFAULT_FROM_EMAIL = os.environ.get("NIGRAAN_EMAIL_FROM", "nigraan@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Log origin for signed tree heads (C2SP tlog-checkpoint "origin" line).
NIGRAAN_LOG_ORIGIN = os.environ.get("NIGRAAN_LOG_ORIGIN", "nigraan.local/ledger")
NIGRAAN_SIGN_INTERVAL_SECONDS = int(os.environ.get("NIGRAAN_SIGN_INTERVAL_SECONDS", "60"))
# Key custody (docs/ledger.md, 'Key custody'): the signing key from a secret store (base64), or
# from a file of its own outside the data directory; a host given only the verifier key serves
# it and never signs.
NIGRAAN_LEDGER_SIGNING_KEY = os.environ.get("NIGRAAN_LEDGER_SIGNING_KEY", "").strip()
NIGRAAN_LEDGER_SIGNING_KEY_FILE = os.environ.get("NIGRAAN_LEDGER_SIGNING_KEY_FILE", "").strip()
NIGRAAN_LEDGER_VERIFIER_KEY = os.environ.get("NIGRAAN_LEDGER_VERIFIER_KEY", "").strip()
# Witnesses that cosign each new checkpoint, and how many must (K of N): docs/ledger.md §9.
NIGRAAN_WITNESSES, NIGRAAN_WITNESS_QUORUM = read_witnesses(
    os.environ.get("NIGRAAN_WITNESSES_FILE", "").strip()
)
NIGRAAN_WITNESS_TIMEOUT_SECONDS = float(os.environ.get("NIGRAAN_WITNESS_TIMEOUT_SECONDS", "10"))
# A data directory that `nigraan demo` filled is a demo site (marker file DEMO-SITE), unless
# NIGRAAN_DEMO_MODE says otherwise.
NIGRAAN_DEMO_MODE = env_bool("NIGRAAN_DEMO_MODE", (DATA_DIR / "DEMO-SITE").exists())
NIGRAAN_CLOCK = os.environ.get("NIGRAAN_CLOCK", "nigraan.clock.system_clock")
# Missing-child alerts (docs/alerts.md): the site's public address (alert pages, CAP and feed
# links, SMS links) and the CAP sender (no spaces or commas).
NIGRAAN_PUBLIC_URL = os.environ.get("NIGRAAN_PUBLIC_URL", "http://localhost:8000").strip()
NIGRAAN_ALERT_SENDER = os.environ.get("NIGRAAN_ALERT_SENDER", "alerts@nigraan.invalid").strip()
# The largest photo staff may upload with an alert draft (the public copy is made far smaller).
NIGRAAN_ALERT_PHOTO_MAX_BYTES = int(os.environ.get("NIGRAAN_ALERT_PHOTO_MAX_BYTES", "5000000"))
NIGRAAN_TEST_RUN = security_env.testing()
# Outbound SMS (notify/gateways/): refused at start-up when unsafe (security/env.py).
NIGRAAN_SMS_GATEWAY = security_env.sms_gateway(
    demo_mode=NIGRAAN_DEMO_MODE, testing=NIGRAAN_TEST_RUN
)
NIGRAAN_SMS_OPTIONS = security_env.sms_options()
# Bulk-read alert (cases/bulk_reads.py): this many protected reads by one person within the
# window tells oversight.
NIGRAAN_BULK_READ_LIMIT = int(os.environ.get("NIGRAAN_BULK_READ_LIMIT", "50"))
NIGRAAN_BULK_READ_WINDOW_MINUTES = int(os.environ.get("NIGRAAN_BULK_READ_WINDOW_MINUTES", "10"))
# Press monitoring reads the outlets in rules/outlets.yaml in the background only where a
# deployment turns it on (it fetches other sites' pages); `nigraan media ingest` runs it by hand.
NIGRAAN_PRESS_INGEST = env_bool("NIGRAAN_PRESS_INGEST", False)
# Public figures (docs/figures.md): the worker publishes last month and the 12 months ending with
# it; the open data's licence (an SPDX id from https://spdx.org/licenses/, with its title and URL).
# Default: on where Celery workers run it beside the rest; off for the embedded worker, which runs
# its tasks one after another (a rolling release takes minutes: outbox and sweep would wait).
NIGRAAN_FIGURES_AUTO_PUBLISH = env_bool(
    "NIGRAAN_FIGURES_AUTO_PUBLISH", bool(os.environ.get("NIGRAAN_BROKER_URL", "").strip())
)
# Live figures (national and provinces, rounded) are counted once per window of this many minutes
NIGRAAN_FIGURES_LIVE_MINUTES = int(os.environ.get("NIGRAAN_FIGURES_LIVE_MINUTES", "60"))
NIGRAAN_FIGURES_LICENCE = {
    "name": os.environ.get("NIGRAAN_FIGURES_LICENCE", "CC-BY-4.0"),
    "title": os.environ.get(
        "NIGRAAN_FIGURES_LICENCE_TITLE", "Creative Commons Attribution 4.0 International"
    ),
    "path": os.environ.get(
        "NIGRAAN_FIGURES_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
    ),
}
NIGRAAN_PRESS_INGEST_SECONDS = int(os.environ.get("NIGRAAN_PRESS_INGEST_SECONDS", "1800"))
# How long a run holds a feed or page it is reading; a killed run's hold runs out after this.
NIGRAAN_PRESS_LEASE_SECONDS = int(os.environ.get("NIGRAAN_PRESS_LEASE_SECONDS", "900"))
# Days a confirmed press incident may stay without a case before the district officer is told
# (then as many again before oversight is): docs/media.md, "Review and link".
NIGRAAN_PRESS_UNLINKED_DAYS = int(os.environ.get("NIGRAAN_PRESS_UNLINKED_DAYS", "7"))
# The worker re-checks stored projections against the ledger (docs/ledger.md, 'Projections'):
# every NIGRAAN_PROJECTION_CHECK_SECONDS, the cases changed in the last
# NIGRAAN_PROJECTION_RECENT_SECONDS, plus a rolling share of all cases (0.01: one case in a
# hundred each round, every case once every hundred rounds; 0 turns the rolling share off).
NIGRAAN_PROJECTION_CHECK_SECONDS = int(os.environ.get("NIGRAAN_PROJECTION_CHECK_SECONDS", "300"))
NIGRAAN_PROJECTION_RECENT_SECONDS = int(os.environ.get("NIGRAAN_PROJECTION_RECENT_SECONDS", "900"))
NIGRAAN_PROJECTION_CHECK_SHARE = float(os.environ.get("NIGRAAN_PROJECTION_CHECK_SHARE", "0.01"))

# Logs never carry what identifies a victim, reporter or witness: the request logger is
# kept at WARNING and messages name case references and staff usernames only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NIGRAAN_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},  # the annual report: no line per laid-out page
    },
}

# ---- Nigraan's own settings (read by the code through django.conf.settings) -----------------

# Key material (nigraan.keyring): when unset, random keys are made in DATA_DIR/keys on first use.
NIGRAAN_MASTER_KEY = env_text("NIGRAAN_MASTER_KEY")  # base64 of 32 bytes
NIGRAAN_RECEIPT_SALT = os.environ.get("NIGRAAN_RECEIPT_SALT", "")

# The rules files (deadlines, pipeline, offences, closure reasons): a directory replacing the
# shipped src/nigraan/rules ("" for the shipped ones).
NIGRAAN_RULES_DIR = os.environ.get("NIGRAAN_RULES_DIR", "")
# Demos and tests only: `nigraan deadlines sweep --now` and the sweep task's now_iso.
NIGRAAN_ALLOW_CLOCK_OVERRIDE = os.environ.get("NIGRAAN_ALLOW_CLOCK_OVERRIDE") == "1"

# Background work: without a broker, `nigraan worker` (or `nigraan serve`) runs it in-process.
NIGRAAN_BROKER_URL = os.environ.get("NIGRAAN_BROKER_URL", "")
NIGRAAN_CELERY_QUEUE = os.environ.get("NIGRAAN_CELERY_QUEUE", "")
NIGRAAN_BROKER_VISIBILITY_TIMEOUT = int(os.environ.get("NIGRAAN_BROKER_VISIBILITY_TIMEOUT", "600"))
NIGRAAN_OUTBOX_LEASE_SECONDS = float(os.environ.get("NIGRAAN_OUTBOX_LEASE_SECONDS", "120"))
# Rate caps, messages per second per gateway, e.g. "sms=30,email=10" (notify.pacing); a gateway
# not named is not capped. Alert SMS count against "sms". Set "sms" to what the SMS provider
# allows the account (Twilio: 1 a second per long code, more per short code).
NIGRAAN_OUTBOX_RATES = {
    name.strip(): float(rate)
    for name, _, rate in (
        item.partition("=") for item in os.environ.get("NIGRAAN_OUTBOX_RATES", "").split(",")
    )
    if name.strip() and rate.strip()
}

# Outbound channels: webhooks are signed with this secret (SMS gateways: NIGRAAN_SMS_GATEWAY,
# above). Inbound SMS need the gateway's token.
NIGRAAN_WEBHOOK_SECRET = os.environ.get("NIGRAAN_WEBHOOK_SECRET", "")
NIGRAAN_SMS_INBOUND_TOKEN = os.environ.get("NIGRAAN_SMS_INBOUND_TOKEN", "")
# A message without the gateway's id or date, repeating the sender's last one within this many
# seconds, is taken as the gateway's retry and answered once (intake.sms).
NIGRAAN_SMS_REPEAT_SECONDS = env_int("NIGRAAN_SMS_REPEAT_SECONDS", 60)

# Rate limits on reports and receipt guesses (nigraan.intake.limits).
NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR = env_int("NIGRAAN_REPORTS_PER_ADDRESS_PER_HOUR", 20)
NIGRAAN_REPORTS_PER_HOUR = env_int("NIGRAAN_REPORTS_PER_HOUR", 5000)
NIGRAAN_RECEIPT_GUESSES_PER_ADDRESS = env_int("NIGRAAN_RECEIPT_GUESSES_PER_ADDRESS", 5)
NIGRAAN_RECEIPT_GUESSES_PER_MINUTE = env_int("NIGRAAN_RECEIPT_GUESSES_PER_MINUTE", 100)

# `nigraan serve` defaults, and the password `nigraan createstaff` uses instead of asking.
NIGRAAN_HOST = os.environ.get("NIGRAAN_HOST", "127.0.0.1")
NIGRAAN_PORT = int(os.environ.get("NIGRAAN_PORT", "8000"))
NIGRAAN_WEB_WORKERS = int(os.environ.get("NIGRAAN_WEB_WORKERS", "2"))
NIGRAAN_WEB_THREADS = int(os.environ.get("NIGRAAN_WEB_THREADS", "4"))
NIGRAAN_STAFF_PASSWORD = os.environ.get("NIGRAAN_STAFF_PASSWORD", "")
