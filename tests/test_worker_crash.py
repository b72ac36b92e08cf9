"""Kill the embedded worker (``nigraan worker``, SIGKILL) in the middle of a deadline sweep and in
the middle of delivering the outbox, restart it, and check that nothing was lost or done twice:
every missed deadline escalated exactly once per level, every webhook processed exactly once by
the receiver, the ledger verifies. Runs on SQLite, and on PostgreSQL when DATABASE_URL is set.
The first tests run the same task interface in-process, quickly."""

from __future__ import annotations

import datetime as dt
import signal
from pathlib import Path

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
    open_overdue_missing_child_cases,
    outbox_by_status,
)
from nigraan import tasks
from nigraan.accounts.permissions import Action
from nigraan.cases.actors import SystemActor
from nigraan.cases.commands import open_case
from nigraan.ledger.models import Event, TreeHead
from nigraan.testing.processes import StartedProcess, nigraan_process

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


def _start_worker(env: dict[str, str], log: Path, *args: str) -> StartedProcess:
    return nigraan_process("nigraan worker", ["worker", *args], env=env, log=log)


@pytest.mark.slow
def test_a_worker_killed_mid_sweep_leaves_every_missed_deadline_escalated_exactly_once(
    tmp_path, capsys
):
    with fresh_data_dir(tmp_path, "sweepkill") as env:
        open_overdue_missing_child_cases(env, CASES)
        assert deadlines_still_due(env) >= CASES  # at least each missing child's FIR deadline

        with _start_worker(env, tmp_path / "worker-1.log") as worker:
            worker.wait_for(
                lambda: escalations_committed(env) >= KILL_AFTER_ESCALATIONS,
                within=120,
                every=0.01,
                what="the sweep to get going",
            )
            assert worker.kill() == -signal.SIGKILL
        before_restart = escalations_committed(env)
        still_due = deadlines_still_due(env)
        assert still_due > 0, "the kill came after the sweep had finished: nothing was tested"

        with _start_worker(env, tmp_path / "worker-2.log") as worker:
            worker.wait_for(
                lambda: deadlines_still_due(env) == 0,
                within=120,
                what="the restarted worker to finish",
            )
            assert worker.stop() == 0
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
    worker: StartedProcess | None = None

    def kill_the_sender(arrival: int) -> None:
        if arrival == KILL_AT_WEBHOOK and worker is not None:
            # the message arrived; the worker never hears the answer
            worker.signal_group(signal.SIGKILL)

    with (
        fresh_data_dir(tmp_path, "hookkill") as env,
        WebhookReceiver(on_arrival=kill_the_sender) as receiver,
    ):
        env["NIGRAAN_OUTBOX_LEASE_SECONDS"] = "2"  # a killed sender's message goes again 2 s later
        keys = enqueue_webhooks(env, receiver.url, WEBHOOKS, "crash-hook")

        with _start_worker(env, tmp_path / "worker-1.log", "--interval", "1") as worker:
            worker.wait_for(
                lambda: worker.process.poll() is not None,
                within=120,
                what="the receiver to kill the worker at arrival 100",
            )
            assert worker.process.returncode == -signal.SIGKILL
        arrived_before_restart = len(receiver.arrivals)
        settled_before_restart = outbox_by_status(env).get("sent", 0)
        assert (
            arrived_before_restart == KILL_AT_WEBHOOK
            and settled_before_restart == KILL_AT_WEBHOOK - 1
        )

        with _start_worker(env, tmp_path / "worker-2.log", "--interval", "1") as worker:
            worker.wait_for(
                lambda: outbox_by_status(env).get("sent", 0) == WEBHOOKS,
                within=120,
                what="the restarted worker to deliver the rest",
            )
            assert worker.stop() == 0

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
