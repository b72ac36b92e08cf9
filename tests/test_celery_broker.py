"""The same sweep and deliveries through real Celery workers (``celery -A nigraan.celery_app
worker`` subprocesses) on Redis and on RabbitMQ, with the worker killed (SIGKILL, whole process
group) mid-sweep and mid-delivery and started again: every missed deadline escalated exactly once
per level, every webhook processed exactly once by the receiver, the ledger verifies.

Each test uses a queue of its own (``NIGRAAN_CELERY_QUEUE``), so runs sharing a broker never take
each other's tasks. A broker that cannot be reached skips the test, except in CI (``CI`` set),
where it fails: CI must not pass by skipping."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

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
from nigraan.celery_app import BrokerNotConfigured, make_app

BROKER_URLS = {
    "redis": os.environ.get("NIGRAAN_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"),
    "rabbitmq": os.environ.get("NIGRAAN_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//"),
}
CASES = 300
WEBHOOKS = 300
KILL_AFTER_ESCALATIONS = 200
KILL_AT_WEBHOOK = 100


# --- configuration, no broker needed -------------------------------------------------------------


def test_celery_runs_the_worker_s_tasks_on_the_documented_schedule():
    app = make_app("memory://", queue="unused")
    assert {name for name in app.tasks if name.startswith("nigraan.")} == {
        task.qualified_name for task in tasks.PERIODIC.values()
    }
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule == {
        "nigraan.deliver_outbox": 5.0,
        "nigraan.sweep_deadlines": 60.0,
        "nigraan.sign_ledger": 60.0,
    }
    # A killed worker's task goes back to the broker instead of being lost.
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    assert app.conf.worker_prefetch_multiplier == 1


def test_celery_without_a_broker_url_says_what_to_set(settings):
    settings.NIGRAAN_BROKER_URL = ""
    with pytest.raises(BrokerNotConfigured, match="NIGRAAN_BROKER_URL"):
        make_app()


# --- real brokers, real workers -------------------------------------------------------------------


@dataclass
class Broker:
    name: str
    url: str
    queue: str


@pytest.fixture(params=sorted(BROKER_URLS))
def broker(request):
    from kombu import Connection

    name, url = request.param, BROKER_URLS[request.param]
    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:
        # as_uri() masks the password
        message = f"{name} broker unreachable at {Connection(url).as_uri()}: {type(exc).__name__}"
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}:
            pytest.fail(message + " (CI is set: this test must run)")
        pytest.skip(message)
    queue = f"nigraan-test-{uuid.uuid4().hex[:10]}"
    yield Broker(name, url, queue)
    _forget_queue(name, url, queue)


def _forget_queue(name: str, url: str, queue: str) -> None:
    """Leave the broker as we found it: this run's queue, its exchange and bindings, and the
    remote-control bindings of the workers we killed (which had no chance to remove them)."""
    from kombu import Connection

    if name == "redis":
        import redis

        client = redis.Redis.from_url(url)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
        for member in client.smembers("_kombu.binding.celery.pidbox"):
            if queue.encode() in member:
                client.srem("_kombu.binding.celery.pidbox", member)
        client.close()
        return
    with Connection(url, connect_timeout=3) as conn:
        channel = conn.default_channel
        with contextlib.suppress(Exception):
            channel.queue_delete(queue)
        with contextlib.suppress(Exception):
            channel.exchange_delete(queue)


class CeleryWorker:
    """``celery -A nigraan.celery_app worker`` in its own process group, logging to a file."""

    def __init__(
        self,
        env: dict[str, str],
        broker: Broker,
        log: Path,
        *,
        concurrency: int,
        beat: bool = False,
    ) -> None:
        self.log = log
        args = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "nigraan.celery_app",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            str(concurrency),
            "--hostname",
            f"{broker.queue}-{log.stem}@%h",
            "--without-mingle",
            "--without-gossip",
            "--without-heartbeat",
        ]
        if beat:
            args += ["--beat", "--schedule", str(log.with_suffix(".beat"))]
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_until(
            lambda: " ready." in self.text() or self.process.poll() is not None,
            within=60,
            what=f"the Celery worker on {broker.name} to start",
        )
        assert self.process.poll() is None, self.text()[-3000:]

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def succeeded(self, task_id: str) -> bool:
        return self.result(task_id) is not None

    def result(self, task_id: str) -> str | None:
        """What the task returned, as the worker logged it (counts only), once it succeeded."""
        found = re.search(rf"\[{task_id}\] succeeded in [^:]*: (.*)", self.text())
        return None if found is None else found.group(1).strip()

    def kill(self) -> None:
        kill_group(
            self.process
        )  # main process and its pool (and embedded beat): nothing acknowledges
        assert self.process.wait(timeout=30) == -signal.SIGKILL

    def stop(self) -> None:
        kill_group(self.process, signal.SIGTERM)  # warm shutdown: finish the task under way
        try:
            assert self.process.wait(timeout=60) == 0, self.text()[-3000:]
        finally:
            kill_group(self.process)


def _celery_env(env: dict[str, str], broker: Broker) -> dict[str, str]:
    return {
        **env,
        "NIGRAAN_BROKER_URL": broker.url,
        "NIGRAAN_CELERY_QUEUE": broker.queue,
        # Redis gives a vanished worker's task to another after this many seconds (RabbitMQ at
        # once).
        "NIGRAAN_BROKER_VISIBILITY_TIMEOUT": "5",
        "NIGRAAN_OUTBOX_LEASE_SECONDS": "2",
    }


@pytest.mark.slow
def test_a_celery_worker_killed_mid_sweep_gets_its_task_back_and_escalates_each_level_once(
    tmp_path, broker, capsys
):
    with fresh_data_dir(tmp_path, f"celerysweep_{broker.name}") as env:
        env = _celery_env(env, broker)
        open_overdue_missing_child_cases(env, CASES)
        producer = make_app(broker.url, queue=broker.queue)
        first = CeleryWorker(env, broker, tmp_path / "worker-a.log", concurrency=1)
        try:
            killed_sweep = producer.send_task("nigraan.sweep_deadlines").id
            wait_until(
                lambda: escalations_committed(env) >= KILL_AFTER_ESCALATIONS,
                within=120,
                every=0.01,
                what="the sweep to get going",
            )
            first.kill()
        finally:
            kill_group(first.process)
        before_restart = escalations_committed(env)
        still_due = deadlines_still_due(env)
        assert still_due > 0, "the kill came after the sweep had finished: nothing was tested"

        # Two processes now: the task the killed worker held comes back from the broker, and a
        # second sweep sent now may run beside it. Both are safe together.
        second = CeleryWorker(env, broker, tmp_path / "worker-b.log", concurrency=2)
        try:
            overlapping_sweep = producer.send_task("nigraan.sweep_deadlines").id
            wait_until(
                lambda: second.succeeded(killed_sweep) and second.succeeded(overlapping_sweep),
                within=120,
                what="the redelivered sweep and the new one to finish",
            )
            second.stop()
        finally:
            kill_group(second.process)
            producer.close()
        total = assert_every_missed_deadline_escalated_exactly_once(env, CASES)
        verified = assert_ledger_verifies(env)
    with capsys.disabled():
        print(
            f"\n[celery on {broker.name}, sweep] killed after {before_restart} of {total} "
            "escalations "
            f"({still_due} deadlines still due); after restart the redelivered task escalated "
            f"{second.result(killed_sweep)} and the overlapping one "
            f"{second.result(overlapping_sweep)}; "
            f"every level escalated exactly once; {verified}"
        )


@pytest.mark.slow
def test_a_celery_worker_killed_mid_delivery_leaves_every_webhook_processed_once(
    tmp_path, broker, capsys
):
    worker: CeleryWorker | None = None

    def kill_the_sender(arrival: int) -> None:
        if arrival == KILL_AT_WEBHOOK and worker is not None:
            kill_group(worker.process)  # the message arrived; the worker never hears the answer

    with (
        fresh_data_dir(tmp_path, f"celeryhook_{broker.name}") as env,
        WebhookReceiver(on_arrival=kill_the_sender) as receiver,
    ):
        env = _celery_env(env, broker)
        keys = enqueue_webhooks(env, receiver.url, WEBHOOKS, f"celery-{broker.name}")
        # Beat (inside the worker, -B) sends the outbox task every 5 seconds: nothing is sent by
        # hand.
        worker = CeleryWorker(env, broker, tmp_path / "worker-a.log", concurrency=1, beat=True)
        try:
            wait_until(
                lambda: worker.process.poll() is not None, within=120, what="the kill mid-delivery"
            )
        finally:
            kill_group(worker.process)
        assert worker.process.wait(timeout=30) == -signal.SIGKILL
        arrived_before_restart = len(receiver.arrivals)
        settled_before_restart = outbox_by_status(env).get("sent", 0)
        assert (
            arrived_before_restart == KILL_AT_WEBHOOK and settled_before_restart < KILL_AT_WEBHOOK
        )

        worker = CeleryWorker(env, broker, tmp_path / "worker-b.log", concurrency=2, beat=True)
        try:
            wait_until(
                lambda: outbox_by_status(env).get("sent", 0) == WEBHOOKS,
                within=120,
                what="the restarted worker to deliver the rest",
            )
            worker.stop()
        finally:
            kill_group(worker.process)

        assert receiver.bad_signatures == 0
        assert sorted(receiver.processed) == keys, "every message was processed, once"
        assert set(receiver.arrivals) == set(keys)
        assert receiver.duplicates_refused >= 1  # at least the one in flight at the kill went twice
        assert len(receiver.arrivals) == WEBHOOKS + receiver.duplicates_refused
        assert outbox_by_status(env) == {"sent": WEBHOOKS}
    with capsys.disabled():
        print(
            f"\n[celery on {broker.name}, webhooks] killed at arrival {arrived_before_restart} "
            f"({settled_before_restart} settled); after restart {len(receiver.processed)} of "
            f"{WEBHOOKS} "
            f"processed once, {receiver.duplicates_refused} duplicate(s) refused by key, "
            f"{len(receiver.arrivals)} requests in all"
        )
