"""``/api/v1/docs``: the API's reference for people, rendered on the server from the same
generated OpenAPI document (no JavaScript, so it keeps the site's content security policy;
Swagger UI's page needs an inline script)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[dict[str, Any]]
    body: str
    responses: list[tuple[str, str]]


def _schema_name(content: dict[str, Any]) -> str:
    for media in content.values():
        ref = media.get("schema", {}).get("$ref", "")
        if ref:
            return str(ref.rsplit("/", 1)[-1])
    return ""


def operations(document: dict[str, Any]) -> list[Operation]:
    """Every operation of the document, in its order."""
    found = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            if method not in item:
                continue
            spec = item[method]
            found.append(
                Operation(
                    method=method.upper(),
                    path=path,
                    summary=spec.get("summary", ""),
                    description=spec.get("description", ""),
                    parameters=spec.get("parameters", []),
                    body=_schema_name(spec.get("requestBody", {}).get("content", {})),
                    responses=[
                        (code, answer.get("description", ""))
                        for code, answer in spec.get("responses", {}).items()
                    ],
                )
            )
    return found


class ServerRenderedReference(DocsBase):
    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        document = api.get_openapi_schema()
        return render(
            request,
            "api/reference.html",
            {
                "info": document.get("info", {}),
                "operations": operations(document),
                "schemas": sorted(document.get("components", {}).get("schemas", {})),
                "openapi_url": self.get_openapi_url(api, kwargs),
            },
        )
