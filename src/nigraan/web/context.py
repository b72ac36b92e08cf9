"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from nigraan.accounts.permissions import Action, may
from nigraan.web.views_notices import unread_count


def site(request: HttpRequest) -> dict:
    language = translation.get_language() or "en"
    return {
        "LANGUAGE_DIR": "rtl" if translation.get_language_bidi() else "ltr",
        "OTHER_LANGUAGE": "en" if language == "ur" else "ur",
        "DEMO_MODE": settings.NIGRAAN_DEMO_MODE,
        "QUICK_EXIT_URL": settings.NIGRAAN_QUICK_EXIT_URL,
        # A function, so pages that never show the staff menu never ask.
        "UNREAD_NOTICES": lambda: unread_count(getattr(request, "user", None)),
        "CAN_VIEW_SECURITY_EVENTS": lambda: may(
            getattr(request, "user", None), Action.VIEW_SECURITY_EVENTS
        ),
        "CAN_REVIEW_PRESS": lambda: may(getattr(request, "user", None), Action.REVIEW_PRESS),
    }
