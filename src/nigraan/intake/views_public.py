"""Public pages outside the form: the safety page, and the error pages (404, 403, 500) in the
site's style with the helpline numbers. The error pages are drawn without the database and
without the request's context processors, so they still show when the database is down."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET


@require_GET
def safety(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/safety.html")


def _error_page(status: int, title: str, message: str) -> HttpResponse:
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language not in ("en", "ur"):
        language = settings.LANGUAGE_CODE
    context = {
        "LANGUAGE_CODE": language,
        "LANGUAGE_DIR": "rtl" if language == "ur" else "ltr",
        "OTHER_LANGUAGE": "en" if language == "ur" else "ur",
        "QUICK_EXIT_URL": settings.NIGRAAN_QUICK_EXIT_URL,
        "DEMO_MODE": settings.NIGRAAN_DEMO_MODE,
        "status": status,
        "title": title,
        "message": message,
    }
    body = loader.get_template("intake/error.html").render(context)
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        404,
        _("This page does not exist"),
        _("The address may be mistyped, or the page was moved. Nothing you sent was lost."),
    )


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        403,
        _("This page is not open to you"),
        _("You do not have access to this page. If you want to report abuse, you can do it here."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        500,
        _("Something went wrong on our side"),
        _(
            "The page could not be shown. If you were sending a report, it may not have been "
            "saved: please try again in a few minutes, or call the helpline."
        ),
    )
