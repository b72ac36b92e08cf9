"""Adding and removing subscribers (the SMS keyword, web form and partner opt-ins call these)."""

from __future__ import annotations

from django.db import transaction

from nigraan import clock
from nigraan.alerts import h3cover, phones
from nigraan.alerts.geometry import district_at
from nigraan.alerts.models import Language, OptInChannel, Subscriber
from nigraan.geo.models import District


class SubscriptionInvalid(ValueError):
    """The opt-in cannot be kept; ``message_ur`` says why in Urdu."""

    def __init__(self, message: str, message_ur: str) -> None:
        super().__init__(message)
        self.message_ur = message_ur


def _district_for(district_code: str | None, place: tuple[float, float] | None) -> str:
    """The district a subscription belongs to: the one containing the place when one is given,
    otherwise the one named."""
    if place is not None:
        lat, lon = place
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise SubscriptionInvalid("the place is not a latitude and longitude", "مقام درست نہیں")
        found = district_at(lat, lon)
        if found:
            return found
    if district_code and District.objects.filter(code=district_code).exists():
        return district_code
    raise SubscriptionInvalid(
        "name a district of Pakistan, or a place inside one", "پاکستان کا کوئی ضلع یا مقام بتائیں"
    )


def subscribe(
    phone: str,
    *,
    language: str,
    opted_in_by: str,
    district_code: str | None = None,
    place: tuple[float, float] | None = None,
    is_test: bool = False,
    is_responder: bool = False,
) -> Subscriber:
    """Keep (or move) one number's subscription. A number has one subscription: opting in again
    replaces the place and language. Raises PhoneInvalid or SubscriptionInvalid; nothing is saved
    then."""
    if language not in Language.values:
        raise SubscriptionInvalid("language is en or ur", "زبان اردو یا انگریزی")
    if opted_in_by not in OptInChannel.values:
        raise SubscriptionInvalid("unknown opt-in channel", "نامعلوم ذریعہ")
    number = phones.normalise_phone(phone)
    lookup = phones.phone_lookup(number)
    district = _district_for(district_code, place)
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.update_or_create(
            phone_lookup=lookup,
            defaults={
                "sealed_phone": phones.seal_phone(number, lookup),
                "language": language,
                "district_id": district,
                "cell": h3cover.subscriber_cell(*place) if place else None,
                "is_test": is_test,
                "is_responder": is_responder,
                "opted_in_by": opted_in_by,
                "opted_in_at": clock.now(),
            },
        )
    return subscriber


def unsubscribe(phone: str) -> bool:
    """Forget a number (opt-out): the row is deleted. True if there was one."""
    lookup = phones.phone_lookup(phones.normalise_phone(phone))
    deleted, _ = Subscriber.objects.filter(phone_lookup=lookup).delete()
    return deleted > 0
