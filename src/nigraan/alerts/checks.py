"""A Django system check: the alert rules files are valid, or the server, the worker and every
management command that runs checks refuse to start with a message naming the file and entry."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, register

from nigraan.alerts.criteria import load_criteria
from nigraan.alerts.targeting_rules import load_targeting_rules
from nigraan.cases.rules import RulesInvalid


@register()
def check_alert_rules(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    for code, load in (
        ("nigraan.alerts.E001", load_targeting_rules),
        ("nigraan.alerts.E002", load_criteria),
    ):
        try:
            load()
        except RulesInvalid as exc:
            problems.append(Error(str(exc), id=code))
    return problems
