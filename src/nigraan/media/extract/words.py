"""Word lists written as one string: ``words("girl boy child")``."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())
