"""How many SMS segments a text takes (3GPP TS 23.038 and TS 23.040).

A text made only of the GSM 7-bit default alphabet travels as GSM-7: 160 septets in one message;
a character of the extension table (``^ { } \\ [ ~ ] | €`` and form feed) costs two septets (an
escape and the character). Anything else (Urdu, curly quotes, emoji) makes the whole text UCS-2:
70 UTF-16 code units in one message, a character outside the Basic Multilingual Plane taking two.
A longer text is sent concatenated, and the user-data header takes room from each part: 153
septets or 67 code units per segment, and neither an escape pair nor a surrogate pair is split
across two segments.
"""

from __future__ import annotations

from dataclasses import dataclass

# The default alphabet in code order (0x00-0x7F), without 0x1B, the escape to the extension table.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7 = "GSM-7"
UCS2 = "UCS-2"
SINGLE = {GSM7: 160, UCS2: 70}
PER_SEGMENT = {GSM7: 153, UCS2: 67}


@dataclass(frozen=True)
class SmsCount:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets (GSM-7) or UTF-16 code units (UCS-2)
    segments: int

    @property
    def single_limit(self) -> int:
        return SINGLE[self.encoding]


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _unit_sizes(text: str, encoding: str) -> list[int]:
    if encoding == GSM7:
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def count_segments(text: str) -> SmsCount:
    """Encoding, length in units, and the number of segments the text is sent as."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    sizes = _unit_sizes(text, encoding)
    total = sum(sizes)
    if total <= SINGLE[encoding]:
        return SmsCount(encoding, total, 1)
    limit = PER_SEGMENT[encoding]
    segments, used = 1, 0
    for size in sizes:
        if used + size > limit:  # a pair that would straddle starts the next segment
            segments, used = segments + 1, 0
        used += size
    return SmsCount(encoding, total, segments)
