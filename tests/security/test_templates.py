"""No template carries inline script, style or event handlers: the CSP forbids them, so they
would silently stop working. Every template file is read (pages the crawler cannot reach, such
as error pages, included); tests/security/test_crawler.py checks the rendered pages too."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from security.inline_code import inline_code

TEMPLATES = sorted(Path(settings.BASE_DIR).rglob("templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_template_has_inline_code(path: Path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "html",
    [
        "<style>p{}</style>",
        "<script>alert(1)</script>",
        '<p style="color:red">',
        '<button onclick="go()">',
        '<a href="javascript:go()">',
    ],
)
def test_the_checker_finds_inline_code(html: str):
    assert inline_code(html)
