"""Staff password rules beyond Django's length check (NIST SP 800-63B, research/security.md):
no composition rules, but a blocklist and context words.

- ``BlocklistValidator``: refuses Django's list of 20,000 common passwords and Nigraan's list of
  common long passphrases (``common-passphrases.txt``), also when disguised by repeating
  (``passwordpassword``), added digits or symbols (``password1234567!``), leetspeak
  (``p@ssw0rd``) or separators; runs of keys or letters (``qwertyuiopasdf``,
  ``abcdefghijklmnop``); and too few different characters (``aaaaaaaaaaaaaaab``).
- ``ContextWordsValidator``: the site's name, the country, the person's username, name and
  e-mail, and every district and province name do not count towards the minimum length.

Both are in ``AUTH_PASSWORD_VALIDATORS``, so ``nigraan createstaff``, Django's
``changepassword`` and any password form use them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nigraan.geo.models import District, Province

PASSPHRASES = Path(__file__).with_name("common-passphrases.txt")
SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "12345678901234567890",
)
MIN_DIFFERENT_CHARACTERS = 5
SITE_WORDS = ("nigraan", "pakistan")
SHORTEST_CONTEXT_WORD = 4


def compact(text: str) -> str:
    """Lower case without spaces, punctuation or underscores."""
    return SEPARATORS.sub("", text.lower())


def unrepeated(text: str) -> str:
    """``abcabcabc`` → ``abc``; a text that is not a repetition is returned as it is."""
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return text[:size]
    return text


def disguises(password: str) -> set[str]:
    """The forms a common password takes once common disguises are removed."""
    lowered = password.lower().strip()
    forms = {lowered, compact(lowered)}
    forms |= {compact(lowered.translate(LEET))}
    forms |= {form.strip("0123456789") for form in list(forms)}
    forms |= {unrepeated(form) for form in list(forms)}
    return {form for form in forms if form}


def _is_run(text: str) -> bool:
    return any(text in run or text in run[::-1] for run in RUNS)


class BlocklistValidator(CommonPasswordValidator):
    def __init__(self) -> None:
        super().__init__()
        lines = PASSPHRASES.read_text(encoding="utf-8").splitlines()
        self.passwords |= {
            line.strip() for line in lines if line.strip() and not line.startswith("#")
        }

    def validate(self, password: str, user: Any = None) -> None:
        squeezed = compact(password)
        if len(set(squeezed)) < MIN_DIFFERENT_CHARACTERS:
            raise ValidationError(
                _("This password has too few different characters."), code="password_too_plain"
            )
        forms = disguises(password)
        if any(_is_run(form) for form in forms if form.isalnum()):
            raise ValidationError(
                _("This password is a run of keys or letters (like qwerty or abcdef)."),
                code="password_run",
            )
        if forms & self.passwords:
            raise ValidationError(
                _("This password is too common, even with numbers added or repeated."),
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return _("Your password can't be a commonly used password.")


_place_names: frozenset[str] = frozenset()


def place_names() -> frozenset[str]:
    """Every district and province name, English and Urdu (read once per process, once the
    geography is loaded)."""
    global _place_names  # a per-process cache of a table that only grows
    if not _place_names:
        names: set[str] = set()
        for model in (District, Province):
            for english, urdu in model.objects.values_list("name_en", "name_ur"):
                names |= {compact(english), compact(urdu)}
        _place_names = frozenset(n for n in names if len(n) >= SHORTEST_CONTEXT_WORD)
    return _place_names


def personal_words(user: Any) -> set[str]:
    """Parts of the username, full name and e-mail address (``cw1.kasur`` → ``kasur``)."""
    words: set[str] = set()
    for attribute in ("username", "full_name", "first_name", "last_name", "email"):
        value = str(getattr(user, attribute, "") or "")
        words |= {compact(part) for part in re.split(r"[\s._@+\-\d]+", value)}
        words.add(compact(value))
    return {word for word in words if len(word) >= SHORTEST_CONTEXT_WORD}


class ContextWordsValidator:
    def __init__(self, min_length: int = 15) -> None:
        self.min_length = min_length

    def validate(self, password: str, user: Any = None) -> None:
        words = set(SITE_WORDS) | place_names() | (personal_words(user) if user else set())
        remainder = password.lower()
        squeezed = compact(password)
        found = False
        for word in sorted(words, key=len, reverse=True):
            if word in squeezed:
                found = True
                squeezed = squeezed.replace(word, "")
                remainder = _remove_spaced(remainder, word)
        if found and len(remainder.strip()) < self.min_length:
            raise ValidationError(
                _(
                    "The site's name, your username or name, and place names do not count "
                    "towards a password's %(min_length)d characters: add other words."
                ),
                code="password_context_words",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return _("Your password can't be made mostly of your name or place names.")


def _remove_spaced(text: str, word: str) -> str:
    """Remove ``word`` from ``text`` also where separators split it (``dera ghazi-khan``)."""
    pattern = r"[\W_]*".join(re.escape(ch) for ch in word)
    return re.sub(pattern, "", text)
