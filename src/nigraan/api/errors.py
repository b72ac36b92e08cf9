"""One error body for every refusal of the JSON API, with a message a person understands and,
where fields are at fault, a message per field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from pydantic import BaseModel, Field

REASONS = {
    400: "the request is not valid; nothing was saved",
    403: "not allowed",
    404: "not found",
    405: "this method is not allowed here",
    413: "the request body is too large",
    415: "the request body must be JSON (Content-Type: application/json)",
    422: "the Idempotency-Key was already used for a different request",
    429: "too many requests; try again later (see Retry-After)",
    503: "not configured on this site",
}


class ApiError(BaseModel):
    """Every refusal: ``error`` says what went wrong in words, ``fields`` (when fields are at
    fault) says what to fix in each."""

    error: str = Field(description="What went wrong, in a sentence.")
    fields: dict[str, str] | None = Field(
        default=None, description="A message for each field that was refused."
    )


class ApiRefusal(Exception):
    """Raised by an endpoint to answer with ``ApiError`` (nothing was saved)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        fields: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields
        self.headers = headers or {}


def error_response(
    status: int,
    message: str,
    *,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    body: dict[str, Any] = {"error": message}
    if fields:
        body["fields"] = fields
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def errors_for(*statuses: int) -> dict[int, type[ApiError]]:
    """The ``response=`` entries of an operation's refusals, all answered with ``ApiError``."""
    return dict.fromkeys(statuses, ApiError)


def json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """django-ninja answers a wrong method with a plain-text 405; answer with ``ApiError``
    instead, keeping the ``Allow`` header."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "application/json" not in response.get(
            "Content-Type", ""
        ):
            allowed = response.get("Allow", "")
            message = f"{request.method} is not allowed here; use {allowed or 'another method'}"
            return error_response(405, message, headers={"Allow": allowed})
        return response

    for name in ("csrf_exempt", "__name__", "__doc__"):
        if hasattr(view, name):
            setattr(wrapped, name, getattr(view, name))
    return wrapped
