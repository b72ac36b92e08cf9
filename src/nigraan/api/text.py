"""Patterns for text fields, written so that they mean the same in ECMA-262 (the OpenAPI
document's readers), Python and Rust (pydantic's validator) regular expressions."""

from __future__ import annotations

# Characters that do not count as text: what Python's str.strip() removes, and NUL (dropped).
BLANK = (
    "\\u0000\\t-\\r\\u001c- \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
)
# Text that is not blank once trimmed: at least one character outside BLANK.
NOT_BLANK = f"[^{BLANK}]"
