"""The public JSON API site (``/api/v1/``): one django-ninja site gathering the endpoints that
live with their apps (``intake.api``, ``ledger.api``, ``geo.api``) for intake, the ledger and
geography. ``/api/v1/openapi.json`` is generated on each request from the pydantic models that
validate the requests and shape the answers, so it cannot drift from what the server does;
``/api/v1/docs`` shows it to people, rendered on the server from the same document (no
JavaScript: it keeps the site's content security policy)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel

from nigraan.api.document import add_model_schemas, add_response_headers
from nigraan.api.errors import ApiRefusal, error_response, json_method_not_allowed
from nigraan.api.reference import ServerRenderedReference
from nigraan.geo.api import router as geo_router
from nigraan.intake.api import FollowUpRequest
from nigraan.intake.api import router as intake_router
from nigraan.intake.api_sms import SmsInbound
from nigraan.intake.api_sms import router as sms_router
from nigraan.intake.report_fields import ReportFields
from nigraan.ledger.api import router as ledger_router
from nigraan.ledger.witnessed import router as witnessing_router
from nigraan.stats.api import router as figures_router

DESCRIPTION = """Submit reports of child sexual abuse and follow them up; read the public
ledger's signed tree heads and proofs; look up Pakistan's provinces and districts; read the
published figures (aggregates with disclosure control, never a case).

Receipt codes are secrets: they are returned once and only ever sent in request bodies, never in
URLs. Every refusal is a JSON `ApiError` with a sentence saying what went wrong and, where fields
are at fault, a message for each; nothing is saved by a refused request. This document is
generated from the models that validate each request, so a request it describes is accepted
exactly when it matches."""

BODY_MODELS: dict[str, type[BaseModel]] = {
    "Report": ReportFields,
    "FollowUp": FollowUpRequest,
    "SmsInbound": SmsInbound,
}
SECURITY_SCHEMES = {
    "GatewayToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "The SMS gateway's token (NIGRAAN_SMS_INBOUND_TOKEN).",
    },
    "GatewayTokenQuery": {"type": "apiKey", "in": "query", "name": "token"},
    "StaffSession": {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
        "description": "A logged-in staff member's session (auditors only).",
    },
}


class NigraanApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        add_model_schemas(document, BODY_MODELS)
        add_response_headers(document)
        document["components"]["securitySchemes"] = SECURITY_SCHEMES
        return document

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = json_method_not_allowed(pattern.callback)
        return [*patterns, path("<path:unknown>", _unknown_path)]


def _unknown_path(request: HttpRequest, unknown: str) -> HttpResponse:
    return error_response(404, "there is no such API endpoint; see /api/v1/openapi.json")


# django-ninja calls a handler with the exception it was registered for (its type hints also
# allow the class itself, hence ``object`` and the narrowing below).
def _refusal(request: HttpRequest, exc: object) -> HttpResponse:
    if not isinstance(exc, ApiRefusal):
        raise TypeError(exc)
    return error_response(exc.status, exc.message, fields=exc.fields, headers=exc.headers)


def _invalid(request: HttpRequest, exc: object) -> HttpResponse:
    if not isinstance(exc, NinjaValidationError):
        raise TypeError(exc)
    fields: dict[str, str] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())[1:]] or ["request"]
        fields.setdefault(".".join(location), str(error.get("msg", "not valid")))
    return error_response(400, "the request is not valid", fields=fields)


def _not_found(request: HttpRequest, exc: object) -> HttpResponse:
    return error_response(404, "not found")


def _http_error(request: HttpRequest, exc: object) -> HttpResponse:
    if not isinstance(exc, HttpError):
        raise TypeError(exc)
    return error_response(exc.status_code, str(exc))


api = NigraanApi(
    title="Nigraan API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=ServerRenderedReference(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    openapi_extra={"info": {"license": {"name": "AGPL-3.0-or-later"}}},
)
api.add_exception_handler(ApiRefusal, _refusal)
api.add_exception_handler(NinjaValidationError, _invalid)
api.add_exception_handler(Http404, _not_found)
api.add_exception_handler(HttpError, _http_error)
api.add_router("/", intake_router)
api.add_router("/", sms_router)
api.add_router("/ledger/", ledger_router)
api.add_router("/ledger/", witnessing_router)
api.add_router("/geo/", geo_router)
api.add_router("/figures/", figures_router)
