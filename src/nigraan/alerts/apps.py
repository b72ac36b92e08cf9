from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "nigraan.alerts"
    label = "alerts"
    verbose_name = "Missing-child alerts"

    def ready(self) -> None:
        # Registers the system check that validates the alert rules files at start-up.
        from nigraan.alerts import checks  # noqa: F401
        from nigraan.alerts.delivery import resolve
        from nigraan.alerts.erasure import erase_case_alerts
        from nigraan.alerts.fanout_sql import CHANNEL
        from nigraan.alerts.projection_check import AlertProjectionCheck
        from nigraan.alerts.workflow import refuse_closing
        from nigraan.cases.closing_hooks import register_closing_check
        from nigraan.cases.erasure_hooks import register_erasure_hook
        from nigraan.ledger.projection_checks import register
        from nigraan.notify.outbox import RESOLVERS
        from nigraan.notify.pacing import SENDS_ON

        # Alert SMS rows carry no number or text: the worker asks alerts for them when sending.
        RESOLVERS[CHANNEL] = resolve
        SENDS_ON[CHANNEL] = "sms"  # and they count against the SMS gateway's rate cap
        # Erasing a case (two administrators) takes its alerts' texts out of their rows, in the
        # same transaction; an active alert refuses it (docs/alerts.md).
        register_erasure_hook(erase_case_alerts)
        # A case does not close while its alert is drafted, public or expired (docs/alerts.md).
        register_closing_check(refuse_closing)
        # ledger verify and the worker compare the alert rows with the case.alert_* events.
        register(AlertProjectionCheck())
