from typing import Any

from django import template
from django.utils.safestring import SafeString

from nigraan.security import bidi

register = template.Library()


@register.filter(is_safe=True)
def isolate(value: Any) -> SafeString:
    """Typed text on a staff page: escaped, isolated, bidi controls shown (security/bidi.py)."""
    return bidi.isolate(value)


@register.filter
def visible_controls(value: Any) -> str:
    """Typed text in an attribute or an <option>: bidi controls shown as [RLO] and the like."""
    return bidi.visible_controls(str(value)) if value is not None else ""


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
