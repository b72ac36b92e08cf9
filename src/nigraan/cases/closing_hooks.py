"""What may stop a case from closing. Apps above cases, which cases may not import (``alerts``:
a missing-child alert that is still drafted, public or expired), register a check in their
``AppConfig.ready``; every way of closing a case (the stage form, a request to close and its
approval) calls each check with the case reference, and a check refuses by raising
``CommandRefused`` (nothing is written).

Why: a closed case takes no more work, so anything it still has running in public (an alert
with a child's description and photo) would stay up, with no one able to withdraw it. The
check makes staff end it first, in the words the people it reached will read.
"""

from __future__ import annotations

from typing import Protocol


class ClosingCheck(Protocol):
    def __call__(self, ref: str) -> None: ...


_CHECKS: list[ClosingCheck] = []


def register_closing_check(check: ClosingCheck) -> None:
    if check not in _CHECKS:
        _CHECKS.append(check)


def check_closing(ref: str) -> None:
    """Every check may refuse the closing of case ``ref`` (``CommandRefused``)."""
    for check in list(_CHECKS):
        check(ref)
