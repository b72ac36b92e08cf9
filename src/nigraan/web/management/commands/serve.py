"""``nigraan serve``: the site under gunicorn (a production WSGI server), plus the worker."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve Nigraan with gunicorn (not Django's development server). Also starts the "
        "background worker (ledger signing) unless --no-worker is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=settings.NIGRAAN_HOST)
        parser.add_argument("--port", type=int, default=settings.NIGRAAN_PORT)
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.NIGRAAN_WEB_WORKERS,
            help="gunicorn worker processes (default 2, or NIGRAAN_WEB_WORKERS)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=settings.NIGRAAN_WEB_THREADS,
            help="threads per worker (default 4, or NIGRAAN_WEB_THREADS)",
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background worker"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from nigraan.wsgi import application

        host, port = options["host"], options["port"]
        worker: subprocess.Popen[bytes] | None = None
        if settings.NIGRAAN_BROKER_URL and not options["no_worker"]:
            self.stdout.write(
                "NIGRAAN_BROKER_URL is set: background work runs in Celery workers "
                "(docs/background.md), not beside this server."
            )
        elif not options["no_worker"]:
            worker = subprocess.Popen([sys.executable, "-m", "nigraan", "worker"])  # noqa: S603

        command = self

        class NigraanServer(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", f"{host}:{port}")
                self.cfg.set("workers", options["workers"])
                self.cfg.set("threads", options["threads"])
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("timeout", 60)
                self.cfg.set("graceful_timeout", 20)
                # The access log would hold follow-up paths and addresses: keep it off.
                self.cfg.set("accesslog", None)
                self.cfg.set("errorlog", "-")
                self.cfg.set("when_ready", command.announce)
                # gunicorn's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl):
                # two servers on a machine would take it from each other, and nothing here uses it.
                self.cfg.set("control_socket_disable", True)

            # Django's stubs type the environ a dict, gunicorn's a MutableMapping (gunicorn does
            # pass a dict): the two stub packages disagree, the code does not.
            def load(self) -> WSGIHandler:  # type: ignore[override]
                return application

        if settings.NIGRAAN_DEMO_MODE:
            from nigraan.web.demo.load import login_help

            self.stdout.write(login_help())
        self.stdout.flush()
        try:
            NigraanServer().run()
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()

    def announce(self, server: object) -> None:
        """Once gunicorn listens: say where, with the port it really bound (``--port 0`` lets
        the system choose one; tests read the "Serving on" line to find it)."""
        for listener in getattr(server, "LISTENERS", []):
            bound_host, bound_port = listener.sock.getsockname()[:2]
            shown = "localhost" if bound_host in ("127.0.0.1", "0.0.0.0") else bound_host  # noqa: S104
            self.stdout.write(f"Serving on http://{bound_host}:{bound_port}/")
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nOpen http://{shown}:{bound_port}/en/staff/ in a browser "
                    "(Urdu: /ur/staff/). Ctrl-C stops the server."
                )
            )
        self.stdout.flush()
