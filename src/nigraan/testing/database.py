"""Database helpers for the test suite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run a block in a transaction (a savepoint inside a test's own) and undo all of it after:
    each example of a property test starts from the same clean database, and none sees
    another's rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
