"""What a Content-Security-Policy without 'unsafe-inline' would block: found in templates and in
rendered pages, so a page breaks in a test rather than in a reporter's browser."""

from __future__ import annotations

import re

INLINE_CODE = {
    "a <style> element": re.compile(r"<style\b", re.I),
    "a <script> without src": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "an event-handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def inline_code(html: str) -> list[str]:
    """What in this HTML the policy would refuse to run or apply."""
    return [name for name, pattern in INLINE_CODE.items() if pattern.search(html)]
