"""``nigraan alerts webhook add|remove|list``: partners that receive signed CAP."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Alert webhook subscribers (media, partners): `nigraan alerts webhook add NAME URL "
        "[--district PK614 ...] [--test]` prints the secret once; `remove NAME`; `list`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
        webhook = sub.add_parser("webhook", help="partners that receive each CAP message, signed")
        action = webhook.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = action.add_parser("add", help="register a partner; prints its secret once")
        add.add_argument("name")
        add.add_argument("url")
        add.add_argument(
            "--district", action="append", default=[], help="a P-code (repeat); none: all"
        )
        add.add_argument("--test", action="store_true", help="receives drills only")
        remove = action.add_parser("remove", help="stop sending to a partner")
        remove.add_argument("name")
        action.add_parser("list", help="the partners (no secrets)")

    def handle(self, *args: Any, **options: Any) -> None:
        from nigraan.alerts.models import WebhookSubscriber
        from nigraan.alerts.webhooks import (
            WebhookInvalid,
            add_webhook_subscriber,
            remove_webhook_subscriber,
        )

        if options["action"] == "add":
            try:
                row, secret = add_webhook_subscriber(
                    options["name"],
                    options["url"],
                    districts=options["district"],
                    is_test=options["test"],
                )
            except WebhookInvalid as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"{row.name}: secret (shown once, give it to the partner):")
            self.stdout.write(secret)
        elif options["action"] == "remove":
            if not remove_webhook_subscriber(options["name"]):
                raise CommandError(f"no webhook subscriber {options['name']!r}")
            self.stdout.write(f"{options['name']}: removed")
        else:
            for row in WebhookSubscriber.objects.order_by("name"):
                scope = ", ".join(row.districts) or "all districts"
                test = " (drills only)" if row.is_test else ""
                self.stdout.write(f"{row.name}\t{row.url}\t{scope}{test}")
