"""Urdu for missing-child alerts: the fixed words of CAP documents and SMS texts (the alert's own
texts are written by staff in both languages)."""

T = {
    "Child Abduction": "بچے کا اغوا",
    "Missing Child": "لاپتہ بچہ",
    "EXERCISE": "مشق",
    "EXERCISE, not real": "مشق، اصل الرٹ نہیں",
    "Photo of the child": "بچے کی تصویر",
    "Child found: the alert for %(place)s has ended": "بچہ مل گیا: %(place)s کا الرٹ ختم",
    "The child in this alert has been found. The photo and description have been withdrawn. Thank you to everyone who helped.": "اس الرٹ والا بچہ مل گیا ہے۔ تصویر اور تفصیل ہٹا دی گئی ہیں۔ مدد کرنے والے سب لوگوں کا شکریہ۔",
    "Alert withdrawn: %(place)s": "الرٹ واپس لے لیا گیا: %(place)s",
    "No action is needed.": "کسی کارروائی کی ضرورت نہیں۔",
    "Thank you.": "شکریہ۔",
}
