"""A crawler over every route in the URL configuration, for the security suite.

``routes()`` walks ``nigraan.urls`` (both languages for the language-prefixed pages) and fills
each path parameter from ``SAMPLES``; a new page with a parameter the crawler has no value for
fails the suite with the route's name, so the crawl grows with the site instead of silently
skipping what is new. ``problems(response)`` lists every header, caching, cookie and inline-code
rule a response breaks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

from security.inline_code import inline_code

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")

# Query strings that take an endpoint past "missing parameter" to its real answer.
QUERIES = {
    "api:entries": "start=0&end=20",
    "api:sths": "start=0",
    "api:consistency": "first=1&second=1",
    "api:place": "q=Kasur",
    "web:case_list": "stage=received&open=1",
    "web:board": "district=PK614",
    "web:figures": "map=firs",  # the map coloured by another measure
}


@dataclass(frozen=True)
class Route:
    name: str  # namespace:name
    path: str  # concrete, parameters filled in

    def __str__(self) -> str:
        return f"{self.name} {self.path}"


class MissingSample(LookupError):
    pass


def _walk(patterns: list, prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if namespace and entry.namespace
                else (entry.namespace or namespace)
            )
            if isinstance(entry.pattern, LocalePrefixPattern):
                for language, _label in settings.LANGUAGES:
                    yield from _walk(entry.url_patterns, f"{prefix}{language}/", inner)
            else:
                yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
            yield name, prefix + str(entry.pattern)


def routes(samples: Mapping[str, str]) -> list[Route]:
    """Every route of the site, with its parameters filled from ``samples`` (by name)."""
    found = []
    for name, pattern in _walk(get_resolver().url_patterns, "/", ""):

        def fill(match: re.Match[str], route: str = name) -> str:
            parameter = match.group("name")
            if parameter not in samples:
                raise MissingSample(
                    f"the crawler has no value for <{parameter}> in {route}: add one to SAMPLES "
                    "in tests/security/test_crawler.py"
                )
            return samples[parameter]

        path = PARAMETER.sub(fill, pattern)
        query = QUERIES.get(name)
        found.append(Route(name, f"{path}?{query}" if query else path))
    return found


def _cookie_problems(response) -> list[str]:
    problems = []
    for name, morsel in response.cookies.items():
        deleting = morsel["max-age"] == 0 or morsel.value == ""
        if (morsel["max-age"] or morsel["expires"]) and not deleting:
            problems.append(f"cookie {name} outlives the browser")
        if name in ("sessionid", "csrftoken") and not morsel["httponly"]:
            problems.append(f"cookie {name} is readable by scripts")
        if not morsel["samesite"]:
            problems.append(f"cookie {name} has no SameSite")
        if settings.SESSION_COOKIE_SECURE and not morsel["secure"] and not deleting:
            problems.append(f"cookie {name} is not Secure although TLS is declared")
    return problems


def problems(response, *, expect_hsts: bool = False) -> list[str]:
    """Every rule this response breaks (empty when it keeps them all)."""
    found = []
    if response.status_code >= 500 and response.status_code != 503:  # 503: switched off here
        found.append(f"status {response.status_code}")
    policy = response.headers.get("Content-Security-Policy", "")
    if "default-src" not in policy or "frame-ancestors 'none'" not in policy:
        found.append(f"CSP missing or incomplete: {policy!r}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        found.append("CSP allows inline or eval'd code")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    for header, value in expected.items():
        if response.headers.get(header) != value:
            found.append(f"{header} is {response.headers.get(header)!r}, not {value!r}")
    if "no-store" not in response.headers.get("Cache-Control", ""):
        found.append(f"Cache-Control is {response.headers.get('Cache-Control')!r}, not no-store")
    hsts = response.headers.get("Strict-Transport-Security", "")
    if expect_hsts and not hsts.startswith("max-age=31536000"):
        found.append(f"HSTS is {hsts!r} although TLS is declared")
    found += _cookie_problems(response)
    if "text/html" in response.headers.get("Content-Type", ""):
        found += [f"inline code: {what}" for what in inline_code(response.content.decode())]
    return found
