"""Gateway-facing endpoint for inbound SMS: RapidPro/TextIt style (``from``, ``text``, ``date``)
or Twilio style (``From``, ``Body``), as a form or JSON. The gateway proves itself with the token
in ``NIGRAAN_SMS_INBOUND_TOKEN`` (``Authorization: Bearer …`` or ``?token=…``)."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from nigraan.intake.sms import handle_inbound


def _authorised(request: HttpRequest) -> bool:
    expected = settings.NIGRAAN_SMS_INBOUND_TOKEN
    if not expected:
        return False
    given = request.headers.get("Authorization", "").removeprefix(
        "Bearer "
    ).strip() or request.GET.get("token", "")
    return hmac.compare_digest(given.encode(), expected.encode())


@csrf_exempt
@require_POST
def inbound(request: HttpRequest) -> HttpResponse:
    if not settings.NIGRAAN_SMS_INBOUND_TOKEN:
        return JsonResponse(
            {"error": "SMS is not configured on this site (NIGRAAN_SMS_INBOUND_TOKEN)"}, status=503
        )
    if not _authorised(request):
        return JsonResponse({"error": "unknown gateway"}, status=403)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return JsonResponse({"error": "the body is not valid UTF-8 JSON"}, status=400)
    else:
        data = request.POST
    sender = data.get("from") or data.get("From") or ""
    text = data.get("text") if data.get("text") is not None else data.get("Body", "")
    date = data.get("date") or data.get("MessageSid") or ""
    if not isinstance(sender, str) or not isinstance(text, str) or not sender.strip():
        return JsonResponse(
            {"error": "need a sender ('from' or 'From') and a text ('text' or 'Body')"}, status=400
        )
    try:
        handle_inbound(sender, text, str(date))
    except ValueError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse({"ok": True})
