"""The public form to opt in to (or out of) missing-child alerts, English and Urdu, no JavaScript.

An opt-in on the web is confirmed from the phone: the form queues one SMS to the number with the
keyword to reply (``ALERT Kasur`` / ``الرٹ قصور``), and the reply, read by the SMS keyword path,
subscribes it. Nothing is stored until then, and nobody can subscribe a number they do not hold.
At most one such SMS per number per day (its outbox key carries the day). An opt-out takes
effect at once, with an SMS saying so; the page never says whether a number was subscribed.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from nigraan import clock
from nigraan.alerts import phones
from nigraan.alerts.sms_keywords import REPLIES
from nigraan.alerts.subscribers import unsubscribe
from nigraan.geo.gazetteer import place_district
from nigraan.notify.models import OutboxMessage
from nigraan.notify.outbox import enqueue_sms


def _language() -> str:
    return "ur" if (get_language() or "en").startswith("ur") else "en"


def _queue_once(number: str, text: str, kind: str) -> None:
    key = f"alert-{kind}:{phones.phone_lookup(number)[:32]}:{clock.today().isoformat()}"
    with transaction.atomic():
        if not OutboxMessage.objects.filter(idempotency_key=key).exists():
            enqueue_sms(to=number, text=text, key=key)


def _opt_in(number: str, district_text: str, language: str) -> str | None:
    """Queue the confirmation SMS; an error to show, or None."""
    match = place_district(district_text)
    if match is None:
        return _("We could not find that district. Write the name of your district.")
    name = match.district_ur if language == "ur" else match.district_en
    keyword = match.district_ur if language == "ur" else match.district_en
    text = REPLIES[language]["confirm"].format(district=name, keyword=keyword)
    _queue_once(number, text, "web")
    return None


def alert_subscribe(request: HttpRequest) -> HttpResponse:
    language = _language()
    context: dict = {"phone": "", "district": "", "done": ""}
    if request.method == "POST":
        action = request.POST.get("action", "")
        context["phone"] = request.POST.get("phone", "")[:40]
        context["district"] = request.POST.get("district", "")[:80]
        try:
            number = phones.normalise_phone(context["phone"])
        except phones.PhoneInvalid:
            context["error"] = _("This is not a Pakistani mobile number. Example: 03001234567")
            return render(request, "web/alert_subscribe.html", context, status=400)
        if action == "unsubscribe":
            if unsubscribe(number):
                _queue_once(number, REPLIES[language]["off"], "off")
            context.update(done="off", phone="")
        else:
            error = _opt_in(number, context["district"], language)
            if error:
                context["error"] = error
                return render(request, "web/alert_subscribe.html", context, status=400)
            context.update(done="sent", phone="")
    return render(request, "web/alert_subscribe.html", context)
