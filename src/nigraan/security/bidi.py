"""Bidirectional-text controls in what people typed, made harmless on staff pages.

U+202E (RIGHT-TO-LEFT OVERRIDE) and its kin reorder the characters after them: a narrative or
note can make "no FIR" display as something else, or reverse a phone number or a case
reference (Trojan Source, CVE-2021-42574). Typed text is shown isolated (``<bdi>``), so it cannot
reorder what is around it, and each override, embedding or isolate control in it is replaced by
a visible marker (``[RLO]``), so it cannot reorder the text itself and the reader sees it was
there. The marks (U+200E, U+200F, U+061C) stay: they only nudge neutral characters, and Urdu
keyboards type them.
"""

from __future__ import annotations

from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

CONTROLS = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
}


def visible_controls(text: str) -> str:
    """Plain text with each control replaced by its name in brackets (for attributes, options)."""
    for control, name in CONTROLS.items():
        text = text.replace(control, f"[{name}]")
    return text


def isolate(value: object) -> SafeString:
    """HTML for typed text: escaped (unless already safe HTML, as after ``linebreaksbr``), each
    control replaced by a visible marker, the whole isolated in ``<bdi>``."""
    if value is None:
        return SafeString("")
    html = str(value) if isinstance(value, SafeData) else str(conditional_escape(str(value)))
    for control, name in CONTROLS.items():
        html = html.replace(
            control, f'<span class="bidi-control" title="U+{ord(control):04X}">[{name}]</span>'
        )
    return mark_safe(f"<bdi>{html}</bdi>")  # noqa: S308 (escaped above; the markers are constants)
