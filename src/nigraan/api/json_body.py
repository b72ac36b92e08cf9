"""Reading a JSON request body: only ``application/json``, within a size, valid UTF-8, valid
JSON, not nested deeper than a parser can safely go, and an object. Anything else is refused
with a clear ``ApiError`` (415, 413 or 400), never a server error."""

from __future__ import annotations

from typing import Any

import pydantic_core
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest

from nigraan.api.errors import ApiRefusal

JSON = "application/json"


def _too_large(max_bytes: int) -> ApiRefusal:
    return ApiRefusal(413, f"the request body is larger than {max_bytes // 1024} KB")


def read_body(request: HttpRequest, max_bytes: int) -> bytes:
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise _too_large(max_bytes)
    try:
        body = request.body
    except RequestDataTooBig:
        raise _too_large(max_bytes) from None
    if len(body) > max_bytes:
        raise _too_large(max_bytes)
    return body


def parse_json(body: bytes) -> Any:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiRefusal(400, "the request body is not valid UTF-8") from None
    try:
        return pydantic_core.from_json(text, allow_inf_nan=False)
    except ValueError as exc:
        if "recursion limit" in str(exc):
            raise ApiRefusal(400, "the request body is nested too deeply") from None
        raise ApiRefusal(400, f"the request body is not valid JSON ({exc})") from None


def json_object(request: HttpRequest, max_bytes: int) -> tuple[dict[str, Any], bytes]:
    """The body as a JSON object, and its bytes (for idempotency digests)."""
    if request.content_type != JSON:
        raise ApiRefusal(415, "the request body must be JSON (Content-Type: application/json)")
    body = read_body(request, max_bytes)
    value = parse_json(body)
    if not isinstance(value, dict):
        raise ApiRefusal(400, "the request body must be a JSON object")
    return value, body
