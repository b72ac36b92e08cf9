"""A synthetic missing-child alert for the alerts tests (a fictional child; nothing graphic)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from nigraan.alerts.content import (
    AlertArea,
    Circle,
    LanguageText,
    MissingChildAlert,
    Photo,
    Publisher,
)

KARACHI = dt.timezone(dt.timedelta(hours=5))
LAST_SEEN = dt.datetime(2026, 6, 2, 16, 30, tzinfo=KARACHI)
ISSUED = dt.datetime(2026, 6, 2, 17, 5, tzinfo=KARACHI)
# Near Korangi Crossing, Karachi (district Korangi, PK712).
KORANGI = (24.8330, 67.1150)
SITE = "https://nigraan.example"

PUBLISHER = Publisher(
    sender="alerts@nigraan.example",
    name={"en": "Nigraan alerts (demo)", "ur": "نگران الرٹ (ڈیمو)"},
)

TEXTS = {
    "en": LanguageText(
        headline="Missing child: Bilal, 6, last seen at Korangi Crossing, Karachi",
        description=(
            "Bilal is a 6-year-old boy, about 110 cm tall, with short black hair. He wore a blue "
            "shalwar kameez and black sandals. He was last seen at 4:30 pm on 2 June near the "
            "bakery at Korangi Crossing, Karachi."
        ),
        instruction="If you see him, call Police 15 or 1099.",
        area_description="Within 20 km of Korangi Crossing, Karachi",
        place="Korangi Crossing, Karachi",
    ),
    "ur": LanguageText(
        headline="لاپتہ بچہ: بلال، عمر 6 سال، آخری بار کورنگی کراسنگ، کراچی میں دیکھا گیا",
        description=(
            "بلال 6 سال کا لڑکا ہے، قد تقریباً 110 سینٹی میٹر، چھوٹے کالے بال۔ اس نے نیلا شلوار "
            "قمیض اور کالی چپل پہن رکھی تھی۔ اسے آخری بار 2 جون شام 4:30 بجے کورنگی کراسنگ کی "
            "بیکری کے پاس دیکھا گیا۔"
        ),
        instruction="اگر آپ اسے دیکھیں تو پولیس 15 یا 1099 پر فون کریں۔",
        area_description="کورنگی کراسنگ، کراچی سے 20 کلومیٹر تک",
        place="کورنگی کراسنگ، کراچی",
    ),
}

PHOTO = Photo(
    uri=f"{SITE}/alerts/A-2026-0001/photo.jpg",
    mime_type="image/jpeg",
    consented=True,
    size=48213,
    sha1_hex="2fd4e1c67a2d28fced849ee1bb76e7391b93eb12",
)


def sample_alert(**changes: Any) -> MissingChildAlert:
    alert = MissingChildAlert(
        reference="A-2026-0001",
        abducted=True,
        child_age_years=6,
        last_seen_at=LAST_SEEN,
        texts=TEXTS,
        area=AlertArea(circle=Circle(*KORANGI, 20.0), district_codes=("PK712", "PK714")),
        expires=ISSUED + dt.timedelta(hours=48),
        web={lang: f"{SITE}/{lang}/alerts/A-2026-0001/" for lang in ("en", "ur")},
        contact={"en": "Police 15, ZARRA helpline 1099", "ur": "پولیس 15، زارا ہیلپ لائن 1099"},
        photo=PHOTO,
    )
    return dataclasses.replace(alert, **changes)
