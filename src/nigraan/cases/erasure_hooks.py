"""What else a case's erasure (``commands.shred_case``) reaches, in its transaction. Apps above
cases, which cases may not import (``alerts``: its published alert rows hold the texts in plain
form), register a hook in their ``AppConfig.ready``; the erasure calls each one with the case
reference.

A hook is called twice: with ``erase=False`` when the erasure is requested and again before it
is approved, where it may refuse it (raise ``CommandRefused``, and nothing is written); and with
``erase=True`` in the approval's transaction, before the key is destroyed, to remove its own
copies of the case's data.
"""

from __future__ import annotations

from typing import Protocol


class ErasureHook(Protocol):
    def __call__(self, ref: str, *, erase: bool) -> None: ...


_HOOKS: list[ErasureHook] = []


def register_erasure_hook(hook: ErasureHook) -> None:
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def check_erasure(ref: str) -> None:
    """Every hook may refuse the erasure of case ``ref`` (``CommandRefused``)."""
    for hook in list(_HOOKS):
        hook(ref, erase=False)


def run_erasure(ref: str) -> None:
    """Every hook removes its copies of case ``ref``'s data (in the caller's transaction)."""
    for hook in list(_HOOKS):
        hook(ref, erase=True)
