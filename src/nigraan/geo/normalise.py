"""Text normalisation for place names in English, Roman Urdu and Urdu script."""

from __future__ import annotations

import re
import unicodedata

# Arabic-script letters that Urdu writes with its own forms.
_URDU_FORMS = str.maketrans(
    {
        "\u064a": "\u06cc",  # Arabic yeh → Farsi yeh
        "\u0649": "\u06cc",  # alef maksura → yeh
        "\u0643": "\u06a9",  # Arabic kaf → keheh
        "\u0647": "\u06c1",  # heh → heh goal
        "\u06d5": "\u06c1",  # ae → heh goal
        "\u0629": "\u06c1",  # teh marbuta → heh goal
        "\u06c2": "\u06c1",  # heh goal with hamza → heh goal
        "\u0623": "\u0627",
        "\u0625": "\u0627",
        "\u0671": "\u0627",  # alef forms
        "\u0640": None,  # tatweel
        "\u200c": None,
        "\u200d": None,
        "\u200e": None,
        "\u200f": None,  # joiners and marks
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)

# Words that say what kind of place, not which one.
STOP_WORDS = frozenset(
    {
        "district",
        "distt",
        "dist",
        "zila",
        "zilla",
        "zillah",
        "zilah",
        "tehsil",
        "tahsil",
        "city",
        "town",
        "pakistan",
        "village",
        "near",
        "the",
        "of",
        "in",
        "ضلع",
        "تحصیل",
        "شہر",
        "پاکستان",
        "گاؤں",
        "ضلعہ",
    }
)


def normalise(text: str) -> str:
    """Lower-case, Urdu letter forms unified, diacritics and punctuation removed, spaces
    collapsed."""
    text = unicodedata.normalize("NFKC", text).translate(_URDU_FORMS)
    text = _ARABIC_MARKS.sub("", text)
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    text = unicodedata.normalize("NFC", text).lower()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in STOP_WORDS]


def roman_skeleton(text: str) -> str:
    """A spelling-tolerant key for Roman-script names: Kasur, Qasoor and Kusoor meet.

    q→k, w→v, ph→f, vowel runs shortened (oo→u, ee→i, aa→a), doubled letters single, a final
    h dropped, spaces removed. Urdu-script text is returned unchanged (without spaces).
    """
    text = "".join(text.split())
    if not text.isascii():
        return text
    text = text.replace("q", "k").replace("w", "v").replace("ph", "f").replace("z", "z")
    text = text.replace("oo", "u").replace("ou", "u").replace("ee", "i").replace("aa", "a")
    text = text.replace("ey", "e").replace("ay", "e").replace("y", "i")
    text = re.sub(r"(.)\1+", r"\1", text)
    if len(text) > 3 and text.endswith("h"):
        text = text[:-1]
    return text


def consonant_skeleton(text: str) -> str:
    """Roman skeleton without vowels: a looser key (ksr for Kasur/Kusoor/Qasur)."""
    skeleton = roman_skeleton(text)
    if not skeleton.isascii():
        return skeleton
    return re.sub(r"[aeiou]", "", skeleton)
