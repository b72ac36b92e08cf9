"""Pieces of the OpenAPI document that django-ninja does not generate by itself: request bodies
that an endpoint reads and validates through its own pipeline (their schemas still come from the
pydantic models that validate them), response headers, and security schemes."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

SCHEMAS = "#/components/schemas/{model}"


def without_default(schema: dict[str, Any]) -> None:
    """For a field that is given or left out (no value stands in for it): show no default."""
    schema.pop("default", None)


def request_body(name: str, *content_types: str) -> dict[str, Any]:
    """``openapi_extra`` for an operation whose body is the component schema ``name``."""
    schema = {"$ref": SCHEMAS.format(model=name)}
    types = content_types or ("application/json",)
    return {"requestBody": {"required": True, "content": {t: {"schema": schema} for t in types}}}


def add_model_schemas(document: dict[str, Any], models: dict[str, type[BaseModel]]) -> None:
    """Put each model's JSON Schema (generated now: some depend on the date) under
    ``components/schemas/<name>``, with the schemas it refers to."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, model in models.items():
        schema = model.model_json_schema(ref_template=SCHEMAS)
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema


RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
        "required": True,
    }
}
ALLOW = {
    "Allow": {
        "description": "The methods this path answers.",
        "schema": {"type": "string"},
        "required": True,
    }
}


def add_response_headers(document: dict[str, Any]) -> None:
    """``Retry-After`` on every 429 and ``Allow`` on every 405."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if "429" in responses or 429 in responses:
                responses[429 if 429 in responses else "429"]["headers"] = RETRY_AFTER
            if "405" in responses or 405 in responses:
                responses[405 if 405 in responses else "405"]["headers"] = ALLOW
