from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def deadline_title(deadline: Any) -> str:
    """A deadline's title in the page's language (Urdu titles are in the rules files)."""
    from django.utils import translation

    if translation.get_language() == "ur":
        from nigraan.cases.rules import current_rules

        rule = current_rules().rule(deadline.rule_id)
        if rule and rule.title_ur:
            return rule.title_ur
    return deadline.title


@register.filter
def outcome_label(code: str) -> str:
    from nigraan.cases.vocabulary import Outcome

    return str(dict(Outcome.choices).get(code, code))
