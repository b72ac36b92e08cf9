from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


@register.filter
def press_word(code: str) -> str:
    """A press incident's code (an offence, a relation…) as words in the page's language."""
    from nigraan.media.figures import word

    return str(word(code))


@register.filter
def time_left(due: Any, now: Any) -> str:
    """``{{ d.due_at|time_left:now }}``: "5 hours 59 minutes left" in the page's language (Django's
    ``timeuntil`` has no Urdu words)."""
    from nigraan.web.time_words import time_left as words

    return words(due, now)


# The parts of the system that record events ("system:intake.web"), by what staff call them.
_SYSTEM_ACTORS = {
    "intake.web": gettext_lazy("the web form"),
    "intake.sms": gettext_lazy("SMS"),
    "intake.api": gettext_lazy("the reporting app"),
    "intake.follow-up": gettext_lazy("the follow-up page"),
    "deadlines": gettext_lazy("the deadline clock"),
    "press-sweep": gettext_lazy("the press watch"),
    "custody-notice": gettext_lazy("the custody notice to the reporter"),
}


@register.filter
def actor_label(actor: str) -> str:
    """Who recorded an event: a staff member's username, or "Nigraan (the web form)" for a part
    of the system (an unknown part by its name)."""
    if not actor.startswith("system:"):
        return actor
    name = actor.removeprefix("system:")
    return _("Nigraan (%(part)s)") % {"part": _SYSTEM_ACTORS.get(name, name)}
