"""Who acts on a case: a staff member, or a named part of the system (a public intake channel,
the deadline sweeper) with a fixed list of what it may do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nigraan.accounts.models import Staff
from nigraan.accounts.permissions import Action, PermissionDenied, may, refusal


@dataclass(frozen=True)
class SystemActor:
    """A part of the system, named in events as ``system:<name>``."""

    name: str
    allowed: frozenset[Action]

    @property
    def ledger_name(self) -> str:
        return f"system:{self.name}"


Actor = Staff | SystemActor


def actor_name(actor: Actor) -> str:
    return actor.ledger_name if isinstance(actor, SystemActor) else actor.username


def require_permission(actor: Actor, action: Action, case: Any) -> None:
    if isinstance(actor, SystemActor):
        if action not in actor.allowed:
            raise PermissionDenied(f"{actor.ledger_name} may not {action.value}")
        return
    if not may(actor, action, case):
        raise refusal(actor, action, case, f"{actor.username} may not {action.value} on this case")
