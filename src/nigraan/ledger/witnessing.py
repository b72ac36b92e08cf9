"""Pushing each new signed tree head to the witnesses (c2sp.org/tlog-witness) and keeping their
cosignatures. A head is **witnessed** once K of the N configured witnesses cosigned it.

Each push starts from the size that witness last cosigned (``WitnessPosition``), with the
consistency proof from there. What the witness answers decides what happens:

- 200: its cosignature, checked with its key and stored.
- 409 with a size S (the size it last cosigned). S below the head: push again from S. S equal to
  the head's size although that was the old size sent: the witness holds another root for this
  size, a **fork**. S above the newest signed head: the log lost heads a witness has seen, a
  **rollback**. Both stop signing and raise the integrity alarm.
- 422: the proof from the witness's own size does not verify, so this log's tree at that size is
  not the one the witness cosigned: a **fork**; signing stops.
- Anything else, or no answer: noted on the witness's position and tried again next round. No
  alarm: a witness down must not stop publishing once the quorum is met.

HTTP runs in threads (one per witness, no database there); everything else in the caller's.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q

from nigraan import clock
from nigraan.ledger import merkle, tree
from nigraan.ledger.alarm import active_halt, halt_signing
from nigraan.ledger.models import TreeHead, WitnessCosignature, WitnessPosition
from nigraan.ledger.note import (
    COSIGNATURE_ED25519,
    SIGNATURE_PREFIX,
    NoteError,
    NoteKey,
    cosignatures,
    parse_key,
    parse_signature_line,
    split_note,
)
from nigraan.ledger.proofs import latest_tree_head
from nigraan.ledger.witness_client import WitnessAnswer, WitnessUnreachable, add_checkpoint
from nigraan.ledger.witness_list import WitnessSpec

log = logging.getLogger("nigraan.ledger.witnessing")
ROUNDS = 3  # a first push, one from the size a 409 named, one to a head signed meanwhile


@dataclass
class _Push:
    spec: WitnessSpec
    key: NoteKey
    head: TreeHead
    old_size: int
    proof: list[bytes]


@dataclass
class WitnessRound:
    """What one push of the newest head to every witness achieved."""

    tree_size: int
    quorum: int
    cosigned: int  # configured witnesses whose cosignature of that head is stored
    outcomes: dict[str, str] = field(default_factory=dict)  # witness → what happened
    halted: bool = False

    @property
    def witnessed(self) -> bool:
        return self.quorum > 0 and self.cosigned >= self.quorum

    @property
    def pushed_anything(self) -> bool:
        return any(outcome != "cosigned before" for outcome in self.outcomes.values())


def configured() -> list[tuple[WitnessSpec, NoteKey]]:
    return [
        (spec, parse_key(spec.verifier_key, COSIGNATURE_ED25519))
        for spec in settings.NIGRAAN_WITNESSES
    ]


def _names() -> list[str]:
    return [spec.name for spec in settings.NIGRAAN_WITNESSES]


def cosigned_count(head: TreeHead) -> int:
    return WitnessCosignature.objects.filter(tree_head=head, witness__in=_names()).count()


def latest_witnessed_head() -> TreeHead | None:
    """The newest head cosigned by at least K configured witnesses."""
    quorum = settings.NIGRAAN_WITNESS_QUORUM
    if not quorum:
        return None
    return (
        TreeHead.objects.annotate(
            cosigners=Count("cosignatures", filter=Q(cosignatures__witness__in=_names()))
        )
        .filter(cosigners__gte=quorum)
        .order_by("-tree_size")
        .first()
    )


def cosigned_note(head: TreeHead) -> str:
    """The head's signed note with the configured witnesses' cosignature lines added."""
    lines = {c.witness: c.line for c in WitnessCosignature.objects.filter(tree_head=head)}
    return head.checkpoint + "".join(lines[name] for name in _names() if name in lines)


def _position(name: str) -> int:
    stored = WitnessPosition.objects.filter(witness=name).values_list("tree_size", flat=True)
    return stored.first() or 0


def _note(name: str, *, error: str = "", size: int | None = None, cosigned: bool = False) -> None:
    """Record how a push went on the witness's position."""
    now = clock.now()
    position, _ = WitnessPosition.objects.get_or_create(witness=name)
    position.last_attempt_at, position.last_error = now, error[:300]
    if cosigned:
        position.last_cosigned_at = now
        size = max(size or 0, position.tree_size)  # a late answer never moves it back
    if size is not None:
        position.tree_size = size
    position.save()


def _start(spec: WitnessSpec, key: NoteKey, head: TreeHead, old: int) -> _Push | None:
    """A push from ``old`` (the witness's size), or None after halting: a witness that cosigned
    more than the newest signed head has seen heads this log no longer has."""
    if old > head.tree_size:
        newest = latest_tree_head()
        newest_size = 0 if newest is None else newest.tree_size
        if newest is None or newest_size < old:
            halt_signing(
                witness=spec.name,
                witness_size=old,
                log_size=newest_size,
                reason=(
                    f"witness {spec.name} has cosigned this log at size {old}, but its newest "
                    f"signed head has size {newest_size}: the log was rolled back (an old backup "
                    "restored, or signed entries deleted)."
                ),
            )
            return None
        head = newest
    proof = (
        []
        if old in (0, head.tree_size)
        else merkle.consistency_proof(old, head.tree_size, tree.subtree_hash)
    )
    return _Push(spec, key, head, old, proof)


def _send(push: _Push) -> WitnessAnswer | WitnessUnreachable:
    try:
        return add_checkpoint(
            push.spec.url,
            push.old_size,
            push.proof,
            push.head.checkpoint,
            timeout=settings.NIGRAAN_WITNESS_TIMEOUT_SECONDS,
        )
    except WitnessUnreachable as exc:
        return exc


def push_latest_head() -> WitnessRound | None:
    """Push the newest signed head to every configured witness that has not cosigned it. None
    when there are no witnesses, no head, or signing is stopped."""
    head = latest_tree_head()
    return None if head is None else push_head(head)


def push_head(head: TreeHead) -> WitnessRound | None:
    """Push ``head`` (or, to a witness that has seen a newer one, the newest head)."""
    witnesses = configured()
    if not witnesses or active_halt() is not None:
        return None
    outcomes: dict[str, str] = {}
    pushes: list[_Push] = []
    for spec, key in witnesses:
        if WitnessCosignature.objects.filter(tree_head=head, witness=spec.name).exists():
            outcomes[spec.name] = "cosigned before"
        elif push := _start(spec, key, head, _position(spec.name)):
            pushes.append(push)
    for _ in range(ROUNDS):
        if not pushes or active_halt() is not None:
            break
        with ThreadPoolExecutor(max_workers=len(pushes)) as pool:
            answers = list(pool.map(_send, pushes))
        pushes = [
            follow
            for push, answer in zip(pushes, answers, strict=True)
            if (follow := _handle(push, answer, outcomes)) is not None
        ]
    newest = latest_tree_head() or head
    return WitnessRound(
        newest.tree_size,
        settings.NIGRAAN_WITNESS_QUORUM,
        cosigned_count(newest),
        outcomes,
        active_halt() is not None,
    )


def _handle(
    push: _Push, answer: WitnessAnswer | WitnessUnreachable, outcomes: dict[str, str]
) -> _Push | None:
    """Act on one answer; return the next push to that witness, if one is needed."""
    name = push.spec.name
    if isinstance(answer, WitnessUnreachable):
        _note(name, error=f"unreachable: {answer}")
        outcomes[name] = f"unreachable ({answer})"
        log.warning("witness %s unreachable: %s", name, answer)
        return None
    if answer.status == 200:
        outcomes[name] = _store(push, answer)
        return None
    if answer.status == 409:
        return _conflict(push, answer, outcomes)
    if answer.status == 422:
        outcomes[name] = "fork"
        halt_signing(
            witness=name,
            witness_size=push.old_size,
            log_size=push.head.tree_size,
            reason=(
                f"witness {name} refused the consistency proof from size {push.old_size} to "
                f"{push.head.tree_size}: this log's tree at size {push.old_size} is not the one "
                "the witness cosigned, so the log's history was rewritten (a fork)."
            ),
        )
        return None
    refusal = f"refused with {answer.status}: {answer.body.strip()[:200]}"
    _note(name, error=refusal)
    outcomes[name] = refusal
    log.warning("witness %s %s", name, refusal)
    return None


def _store(push: _Push, answer: WitnessAnswer) -> str:
    name = push.spec.name
    text, _ = split_note(push.head.checkpoint)
    try:
        lines = [
            parse_signature_line(line)
            for line in answer.body.splitlines()
            if line.startswith(SIGNATURE_PREFIX)
        ]
        found = cosignatures(text, lines, [push.key])
    except NoteError as exc:
        found, problem = {}, str(exc)
    else:
        problem = "answered 200 without a cosignature by its key"
    if name not in found:
        _note(name, error=problem)
        log.warning("witness %s: %s", name, problem)
        return problem
    line = next(line for line in lines if line.by(push.key))
    WitnessCosignature.objects.get_or_create(
        tree_head=push.head,
        witness=name,
        defaults={
            "key_id": push.key.key_id.hex(),
            "timestamp": found[name],
            "line": line.text,
            "received_at": clock.now(),
        },
    )
    _note(name, size=push.head.tree_size, cosigned=True)
    return "cosigned"


def _conflict(push: _Push, answer: WitnessAnswer, outcomes: dict[str, str]) -> _Push | None:
    name, head = push.spec.name, push.head
    text = answer.body.strip()
    if not text.isdigit():
        _note(name, error="answered 409 without its size")
        outcomes[name] = "answered 409 without its size"
        return None
    size = int(text)
    _note(name, size=size)
    if size == head.tree_size and push.old_size == size:
        outcomes[name] = "fork"
        halt_signing(
            witness=name,
            witness_size=size,
            log_size=head.tree_size,
            reason=(
                f"witness {name} has cosigned another root for size {size}: this log signed two "
                "different trees of the same size (a fork)."
            ),
        )
        return None
    if size != head.tree_size and push.old_size == size:
        outcomes[name] = f"answered 409 naming the size sent ({size})"
        return None
    outcomes[name] = f"was at size {size}"
    return _start(push.spec, push.key, head, size)
