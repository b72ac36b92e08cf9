"""Celery: the same background tasks as ``nigraan worker`` (``nigraan.tasks``), on a broker, for
many worker machines. Used when ``NIGRAAN_BROKER_URL`` is set (``redis://…`` or ``amqp://…``)::

    celery -A nigraan.celery_app worker        # on every worker machine (as many as needed)
    celery -A nigraan.celery_app beat          # exactly one, anywhere: it only sends the schedule

(``worker -B`` runs beat inside a worker: fine for one machine, never on two.)

A task is acknowledged only after it finished (``task_acks_late``), each worker process takes one
task at a time (``worker_prefetch_multiplier=1``), and a task whose worker process died is given
back to the broker (``task_reject_on_worker_lost``), so a task killed half-way runs again. That is
safe because every task tolerates being run twice and at once (see ``nigraan.tasks``). RabbitMQ
gives a dead worker's task back at once; Redis after ``NIGRAAN_BROKER_VISIBILITY_TIMEOUT``
seconds. See docs/background.md.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from django.conf import settings

# Before settings are read (``make_app``) and before the app exists, so that Celery's Django
# fix-up sets Django up in the worker and closes database connections around every task. This
# module is the entry point of ``celery -A nigraan.celery_app``: nothing has set it yet.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nigraan.settings")

DEFAULT_QUEUE = "nigraan"


class BrokerNotConfigured(RuntimeError):
    pass


def make_app(broker_url: str | None = None, *, queue: str | None = None) -> Celery:
    """A Celery app on ``broker_url`` (default ``NIGRAAN_BROKER_URL``) whose tasks go to ``queue``
    (default ``NIGRAAN_CELERY_QUEUE`` or ``nigraan``)."""
    from nigraan import tasks

    broker_url = broker_url or settings.NIGRAAN_BROKER_URL
    if not broker_url:
        raise BrokerNotConfigured(
            "NIGRAAN_BROKER_URL is not set (e.g. redis://127.0.0.1:6379/0 or "
            "amqp://user:pass@host:5672//); "
            "without a broker run `nigraan worker` instead"
        )
    queue = queue or settings.NIGRAAN_CELERY_QUEUE or DEFAULT_QUEUE
    app = Celery("nigraan", broker=broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=queue,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_ignore_result=True,  # results live in the database (escalations, outbox, tree heads)
        task_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        broker_connection_retry_on_startup=True,
        broker_transport_options=_redis_redelivery(),
        beat_schedule=beat_schedule(),
    )
    for periodic in tasks.PERIODIC.values():
        _register(app, periodic.name, periodic.qualified_name)
    return app


def _redis_redelivery() -> dict[str, int]:
    """Redis only (RabbitMQ needs nothing: it gives a dead consumer's tasks back at once): how long
    a task taken by a worker that then vanished waits before it goes to another
    (NIGRAAN_BROKER_VISIBILITY_TIMEOUT). Longer than any task runs, since a task still running
    after it is started again elsewhere (harmless here, only wasted work). Workers look for such
    tasks every few seconds, not kombu's default of every 100."""
    visibility = settings.NIGRAAN_BROKER_VISIBILITY_TIMEOUT
    return {
        "visibility_timeout": visibility,
        "unacked_restore_interval": max(1, min(10, visibility // 5)),
        "unacked_restore_throttle": 1,
    }


def _register(app: Celery, name: str, qualified_name: str) -> None:
    def run(**kwargs: Any) -> Any:
        from nigraan import tasks

        return tasks.run(name, **kwargs)

    run.__name__ = name
    run.__doc__ = f"nigraan.tasks.{name}, through the broker."
    app.task(name=qualified_name)(run)


def beat_schedule() -> dict[str, dict[str, Any]]:
    """Every periodic task at its interval (outbox 5 s; sweep and signing
    NIGRAAN_SIGN_INTERVAL_SECONDS, default 60). A run that waited in the queue longer than one
    interval is dropped (``expires``): the next one does the same work."""
    from nigraan import tasks

    schedule = {}
    for periodic in tasks.PERIODIC.values():
        every = periodic.every()
        schedule[periodic.name] = {
            "task": periodic.qualified_name,
            "schedule": every,
            "options": {"expires": every},
        }
    return schedule


_app: Celery | None = None


def __getattr__(name: str) -> Any:
    """``celery -A nigraan.celery_app`` reads ``app``: built on first use from the environment,
    so importing this module (e.g. for ``make_app``) needs no broker."""
    global _app
    if name == "app":
        if _app is None:
            _app = make_app()
        return _app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
