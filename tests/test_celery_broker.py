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
    open_overdue_missing_child_cases,
    outbox_by_status,
)
from nigraan import tasks
from nigraan.celery_app import BrokerNotConfigured, make_app
from nigraan.testing.processes import StartedProcess

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
        "nigraan.expire_alerts": 60.0,
        "nigraan.sign_ledger": 60.0,
        "nigraan.detect_bulk_reads": 60.0,
        "nigraan.check_projections": 300.0,
        "nigraan.ingest_press": 1800.0,  # runs only where NIGRAAN_PRESS_INGEST=1
        "nigraan.publish_figures": 3600.0,  # publishes last month once; hourly to catch up
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


class CeleryWorker(StartedProcess):
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
        super().__init__(f"celery worker on {broker.name}", args, env=env, log=log)
        try:
            self.wait_for_log(r" ready\.$", what=f"the Celery worker on {broker.name} to start")
        except AssertionError:
            StartedProcess.stop(self)
            raise

    def text(self) -> str:
        return self.output()

    def succeeded(self, task_id: str) -> bool:
        return self.result(task_id) is not None

    def result(self, task_id: str) -> str | None:
        """What the task returned, as the worker logged it (counts only), once it succeeded."""
        found = re.search(rf"\[{task_id}\] succeeded in [^:]*: (.*)", self.text())
        return None if found is None else found.group(1).strip()

    def kill(self) -> int:
        """SIGKILL of the main process and its pool (and embedded beat): nothing acknowledges."""
        code = super().kill()
        assert code == -signal.SIGKILL, self.describe()
        return code

    def stop(self, *, grace: float = 60) -> int:
        """Warm shutdown (SIGTERM): the task under way finishes, then the worker exits 0."""
        code = super().stop(grace=grace)
        assert code == 0, self.describe()
        return code


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
        with CeleryWorker(env, broker, tmp_path / "worker-a.log", concurrency=1) as first:
            killed_sweep = producer.send_task("nigraan.sweep_deadlines").id
            first.wait_for(
                lambda: escalations_committed(env) >= KILL_AFTER_ESCALATIONS,
                within=120,
                every=0.01,
                what="the sweep to get going",
            )
            first.kill()
        before_restart = escalations_committed(env)
        still_due = deadlines_still_due(env)
        assert still_due > 0, "the kill came after the sweep had finished: nothing was tested"

        # Two processes now: the task the killed worker held comes back from the broker, and a
        # second sweep sent now may run beside it. Both are safe together.
        try:
            with CeleryWorker(env, broker, tmp_path / "worker-b.log", concurrency=2) as second:
                overlapping_sweep = producer.send_task("nigraan.sweep_deadlines").id
                second.wait_for(
                    lambda: second.succeeded(killed_sweep) and second.succeeded(overlapping_sweep),
                    within=120,
                    what="the redelivered sweep and the new one to finish",
                )
                second.stop()
        finally:
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
            # the message arrived; the worker never hears the answer
            worker.signal_group(signal.SIGKILL)

    with (
        fresh_data_dir(tmp_path, f"celeryhook_{broker.name}") as env,
        WebhookReceiver(on_arrival=kill_the_sender) as receiver,
    ):
        env = _celery_env(env, broker)
        keys = enqueue_webhooks(env, receiver.url, WEBHOOKS, f"celery-{broker.name}")
        # Beat (inside the worker, -B) sends the outbox task every 5 seconds: nothing is sent by
        # hand.
        worker = CeleryWorker(env, broker, tmp_path / "worker-a.log", concurrency=1, beat=True)
        with worker:
            worker.wait_for(
                lambda: worker.process.poll() is not None,
                within=120,
                what="the receiver to kill the worker at arrival 100",
            )
        assert worker.process.returncode == -signal.SIGKILL
        arrived_before_restart = len(receiver.arrivals)
        settled_before_restart = outbox_by_status(env).get("sent", 0)
        assert (
            arrived_before_restart == KILL_AT_WEBHOOK and settled_before_restart < KILL_AT_WEBHOOK
        )

        worker = CeleryWorker(env, broker, tmp_path / "worker-b.log", concurrency=2, beat=True)
        with worker:
            worker.wait_for(
                lambda: outbox_by_status(env).get("sent", 0) == WEBHOOKS,
                within=120,
                what="the restarted worker to deliver the rest",
            )
            worker.stop()

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
