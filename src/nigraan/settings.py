"""Django settings for Nigraan.

Every setting comes from an environment variable with a safe default, so that the
embedded default (one machine, SQLite, keys in ./var) needs no configuration at all.
All state lives in one data directory: ``NIGRAAN_DATA_DIR`` (default ``./var``).
The README lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from nigraan.config import data_dir, env_bool, env_list, secret_key

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("NIGRAAN_DEBUG", False)
ALLOWED_HOSTS = env_list("NIGRAAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("NIGRAAN_CSRF_TRUSTED_ORIGINS", [])

# Behind TLS in production: set NIGRAAN_SECURE_COOKIES=1 (and terminate TLS at a proxy).
SECURE_COOKIES = env_bool("NIGRAAN_SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(os.environ.get("NIGRAAN_SESSION_SECONDS", str(8 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts,
# which Django's CSRF check rightly refuses. Other sites still get no referrer.
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("NIGRAAN_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "nigraan.geo",
    "nigraan.accounts",
    "nigraan.ledger",
    "nigraan.cases",
    "nigraan.intake",
    "nigraan.notify",
    "nigraan.stats",
    "nigraan.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "nigraan.urls"
CSRF_FAILURE_VIEW = "nigraan.intake.views_report.csrf_failure"
# A report's account is at most 10,000 characters; refuse far larger bodies before parsing.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("NIGRAAN_MAX_REQUEST_BYTES", str(2 * 1024 * 1024)))
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


def _database() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(
            url, conn_max_age=int(os.environ.get("NIGRAAN_DB_CONN_MAX_AGE", "60"))
        )
        if config["ENGINE"] == "django.db.backends.postgresql":
            config.setdefault("OPTIONS", {})
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
            ),
        },
        "TEST": {"NAME": os.environ.get("NIGRAAN_TEST_SQLITE") or None},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.Staff"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:case_list"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
if env_bool("NIGRAAN_FAST_PASSWORD_HASHER", False):  # tests only: argon2 with tiny cost
    PASSWORD_HASHERS = ["nigraan.accounts.hashers.FastArgon2PasswordHasher"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
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
# A data directory that `nigraan demo` filled is a demo site (marker file DEMO-SITE), unless
# NIGRAAN_DEMO_MODE says otherwise.
NIGRAAN_DEMO_MODE = env_bool("NIGRAAN_DEMO_MODE", (DATA_DIR / "DEMO-SITE").exists())
NIGRAAN_CLOCK = os.environ.get("NIGRAAN_CLOCK", "nigraan.clock.system_clock")

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
    },
}
