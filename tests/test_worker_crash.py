"""Kill the embedded worker (``nigraan worker``, SIGKILL) in the middle of a deadline sweep and in
the middle of delivering the outbox, restart it, and check that nothing was lost or done twice:
every missed deadline escalated exactly once per level, every webhook processed exactly once by
the receiver, the ledger verifies. Runs on SQLite, and on PostgreSQL when DATABASE_URL is set.
The first tests run the same task interface in-process, quickly."""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from background_support import (
    WebhookReceiver,
    assert_every_missed_deadline_escalated_exactly_once,
    assert_ledger_verifies,
    deadlines_still_due,
    enqueue_webhooks,
    escalations_committed,
    fresh_data_dir,
    kill_group,
    open_overdue_missing_child_cases,
    outbox_by_status,
    wait_until,
)
from nigraan import tasks
from nigraan.accounts.permissions import Action
from nigraan.cases.actors import SystemActor
from nigraan.cases.commands import open_case
from nigraan.ledger.models import Event, TreeHead

CASES = 300
WEBHOOKS = 300
KILL_AFTER_ESCALATIONS = 200
KILL_AT_WEBHOOK = 100
INTAKE = SystemActor("test-intake", frozenset({Action.OPEN_CASE}))


# --- the task interface, in-process -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the worker closes its connection after each task
def test_one_worker_round_escalates_missed_deadlines_and_signs_them(fixed_clock, settings):
    settings.NIGRAAN_BROKER_URL = ""
    case = open_case(INTAKE, channel="web", category="missing_child", district_code="PK614")
    fixed_clock.advance(days=3)
    call_command("worker", "--once")
    levels = sorted(
        (e.data["deadline"], e.data["level"])
        for e in Event.objects.filter(case_ref=case.ref, kind="case.deadline_escalated")
    )
    assert ("missing_child_fir", 1) in levels and len(levels) == len(set(levels))
    assert TreeHead.objects.order_by("-tree_size").first().tree_size == Event.objects.count()
    call_command("worker", "--once")  # nothing more is due: a second round adds nothing
    assert Event.objects.filter(kind="case.deadline_escalated").count() == len(levels)


@pytest.mark.django_db
def test_sweeping_as_if_later_is_refused_outside_demos_and_tests(fixed_clock, settings):
    open_case(INTAKE, channel="web", category="missing_child", district_code="PK614")
    later = (fixed_clock.current + dt.timedelta(hours=2, minutes=1)).isoformat()
    settings.NIGRAAN_ALLOW_CLOCK_OVERRIDE = False
    with pytest.raises(tasks.ClockOverrideRefused):
        tasks.run("sweep_deadlines", now_iso=later)
    settings.NIGRAAN_ALLOW_CLOCK_OVERRIDE = True
    assert tasks.run("nigraan.sweep_deadlines", now_iso=later) == 1  # the 2-hour FIR deadline
    assert tasks.run("sweep_deadlines", now_iso=later) == 0


def test_an_unknown_task_name_is_refused_by_name():
    with pytest.raises(tasks.UnknownTask, match="deliver_outbox"):
        tasks.run("send_everything")


def test_the_embedded_worker_steps_aside_when_a_broker_is_configured(settings):
    settings.NIGRAAN_BROKER_URL = "redis://127.0.0.1:6379/0"
    with pytest.raises(CommandError, match="celery -A nigraan.celery_app worker"):
        call_command("worker", "--once")


# --- SIGKILL of the worker process ---------------------------------------------------------------


def _start_worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "nigraan", "worker", *args],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(worker: subprocess.Popen) -> int:
    """SIGTERM, as a service manager stops it: the worker finishes its task and exits 0."""
    kill_group(worker, signal.SIGTERM)
    try:
        return worker.wait(timeout=60)
    finally:
        kill_group(worker)


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_leaves_every_missed_deadline_escalated_exactly_once(
    tmp_path, capsys
):
    with fresh_data_dir(tmp_path, "sweepkill") as env:
        open_overdue_missing_child_cases(env, CASES)
        assert deadlines_still_due(env) >= CASES  # at least each missing child's FIR deadline

        worker = _start_worker(env)
        try:
            wait_until(
                lambda: escalations_committed(env) >= KILL_AFTER_ESCALATIONS,
                within=120,
                every=0.01,
                what="the sweep to get going",
            )
            kill_group(worker)
            assert worker.wait(timeout=30) == -signal.SIGKILL
        finally:
            kill_group(worker)
        before_restart = escalations_committed(env)
        still_due = deadlines_still_due(env)
        assert still_due > 0, "the kill came after the sweep had finished: nothing was tested"

        worker = _start_worker(env)
        try:
            wait_until(
                lambda: deadlines_still_due(env) == 0,
                within=120,
                what="the restarted worker to finish",
            )
            assert _stop(worker) == 0
        finally:
            kill_group(worker)
        total = assert_every_missed_deadline_escalated_exactly_once(env, CASES)
        verified = assert_ledger_verifies(env)
    with capsys.disabled():
        print(
            f"\n[embedded worker, sweep] killed after {before_restart} of {total} escalations "
            f"({still_due} deadlines still due); after restart every level escalated exactly "
            f"once; {verified}"
        )


@pytest.mark.slow
def test_a_worker_killed_mid_delivery_sends_every_webhook_and_the_receiver_processes_each_once(
    tmp_path, capsys
):
    worker: subprocess.Popen | None = None

    def kill_the_sender(arrival: int) -> None:
        if arrival == KILL_AT_WEBHOOK and worker is not None:
            kill_group(worker)  # the message arrived, the worker never hears the answer

    with (
        fresh_data_dir(tmp_path, "hookkill") as env,
        WebhookReceiver(on_arrival=kill_the_sender) as receiver,
    ):
        env["NIGRAAN_OUTBOX_LEASE_SECONDS"] = "2"  # a killed sender's message goes again 2 s later
        keys = enqueue_webhooks(env, receiver.url, WEBHOOKS, "crash-hook")

        worker = _start_worker(env, "--interval", "1")
        try:
            assert worker.wait(timeout=120) == -signal.SIGKILL
        finally:
            kill_group(worker)
        arrived_before_restart = len(receiver.arrivals)
        settled_before_restart = outbox_by_status(env).get("sent", 0)
        assert (
            arrived_before_restart == KILL_AT_WEBHOOK
            and settled_before_restart == KILL_AT_WEBHOOK - 1
        )

        worker = _start_worker(env, "--interval", "1")
        try:
            wait_until(
                lambda: outbox_by_status(env).get("sent", 0) == WEBHOOKS,
                within=120,
                what="the restarted worker to deliver the rest",
            )
            assert _stop(worker) == 0
        finally:
            kill_group(worker)

        assert receiver.bad_signatures == 0
        assert sorted(receiver.processed) == keys, "every message was processed, once"
        assert set(receiver.arrivals) == set(keys)
        # Only the message in flight at the kill went twice; the receiver recognised its key.
        assert receiver.duplicates_refused == 1
        assert len(receiver.arrivals) == WEBHOOKS + 1
        assert outbox_by_status(env) == {"sent": WEBHOOKS}
    with capsys.disabled():
        print(
            f"\n[embedded worker, webhooks] killed at arrival {arrived_before_restart} "
            f"({settled_before_restart} "
            f"settled); after restart {len(receiver.processed)} of {WEBHOOKS} processed once, "
            f"{receiver.duplicates_refused} duplicate refused by key, {len(receiver.arrivals)} "
            "requests in all"
        )
