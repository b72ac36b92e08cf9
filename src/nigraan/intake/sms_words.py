"""What the SMS conversation says, in English and Urdu (Urdu script). Kept short for SMS."""

from __future__ import annotations

TEXT = {
    "en": {
        "category": "Nigraan: you can report abuse safely. What happened? Reply 1 sexual abuse/rape, 2 attempted abuse, 3 harassment, 4 child missing/taken, 5 online abuse/blackmail, 6 other. Reply EXIT to cancel.",
        "account": "In a few words, what happened? (Do not send photos.)",
        "district": "Which district did it happen in? Reply with its name, or 0 if you don't know.",
        "district_again": "We could not find that district. Reply with the district name, or 0 if you don't know.",
        "district_pick": "Which one? Reply with the number: {options}",
        "police": "Has it been reported to the police? Reply 1 no, 2 yes and an FIR was registered, 3 yes but police refused or did nothing.",
        "reporter": "Who are you? Reply 1 the person harmed, 2 parent, 3 relative, 4 neighbour, 5 teacher, 6 someone else.",
        "consent": "Your report will be handled confidentially by child-protection staff. Reply YES to send it, YES POLICE to also allow sharing with police, or EXIT to cancel.",
        "not_understood": "Sorry, we did not understand. {question}",
        "received": "Nigraan: your report is received. Receipt code: {code}. Keep it secret. Use it at nigraan follow-up to see progress. Emergency: Police 15, Rescue 1122.",
        "cancelled": "Nigraan: cancelled. Nothing was saved. Send any message to start again. Emergency: Police 15, Rescue 1122.",
        "limited": "Nigraan: too many reports from this number. Please try again later. Emergency: Police 15, Rescue 1122.",
    },
    "ur": {
        "category": "نگران: آپ محفوظ طریقے سے اطلاع دے سکتے ہیں۔ کیا ہوا؟ جواب دیں: 1 جنسی زیادتی، 2 زیادتی کی کوشش، 3 ہراسانی، 4 بچہ لاپتہ/اغوا، 5 آن لائن زیادتی/بلیک میلنگ، 6 کچھ اور۔ ختم کرنے کے لیے «ختم» لکھیں۔",
        "account": "چند الفاظ میں بتائیں کہ کیا ہوا۔ (تصاویر نہ بھیجیں۔)",
        "district": "یہ کس ضلع میں ہوا؟ ضلع کا نام لکھیں، یا معلوم نہ ہو تو 0۔",
        "district_again": "یہ ضلع نہیں ملا۔ ضلع کا نام لکھیں، یا معلوم نہ ہو تو 0۔",
        "district_pick": "کون سا؟ نمبر لکھیں: {options}",
        "police": "کیا پولیس کو اطلاع دی گئی؟ جواب دیں: 1 نہیں، 2 ہاں اور ایف آئی آر درج ہوئی، 3 ہاں لیکن پولیس نے انکار کیا یا کچھ نہیں کیا۔",
        "reporter": "آپ کون ہیں؟ 1 متاثرہ خود، 2 والدین، 3 رشتہ دار، 4 ہمسایہ، 5 استاد، 6 کوئی اور۔",
        "consent": "آپ کی رپورٹ چائلڈ پروٹیکشن عملہ راز میں رکھ کر دیکھے گا۔ بھیجنے کے لیے ہاں لکھیں، پولیس کو بھی دینے کی اجازت کے لیے ہاں پولیس، ختم کرنے کے لیے «ختم»۔",
        "not_understood": "معاف کیجیے، سمجھ نہیں آیا۔ {question}",
        "received": "نگران: آپ کی رپورٹ موصول ہو گئی۔ رسید کوڈ: {code}۔ اسے راز رکھیں۔ پیش رفت دیکھنے کے لیے یہی کوڈ استعمال کریں۔ ہنگامی: پولیس 15، ریسکیو 1122۔",
        "cancelled": "نگران: ختم کر دیا گیا۔ کچھ محفوظ نہیں ہوا۔ دوبارہ شروع کرنے کے لیے کوئی بھی پیغام بھیجیں۔ ہنگامی: پولیس 15، ریسکیو 1122۔",
        "limited": "نگران: اس نمبر سے بہت زیادہ رپورٹیں آئی ہیں۔ براہ کرم بعد میں کوشش کریں۔ ہنگامی: پولیس 15، ریسکیو 1122۔",
    },
}

# EXIT (or ختم) is the word the messages name: STOP, CANCEL, END and QUIT are carriers' and
# Twilio's opt-out keywords, after which no reply reaches the sender. They still end a
# conversation through gateways that pass them on.
STOP_WORDS = {"exit", "stop", "cancel", "band", "khatam", "ختم", "«ختم»", "رکیں", "بند"}
YES_WORDS = {"yes", "y", "haan", "han", "ha", "ji", "jee", "ہاں", "ہاں۔", "جی"}
POLICE_WORDS = {"police", "polees", "pulis", "پولیس"}
ROMAN_URDU_HINTS = {
    "shikayat",
    "madad",
    "bacha",
    "bachay",
    "bachi",
    "zulm",
    "haan",
    "nahi",
    "report karna",
    "mujhe",
    "hamara",
    "hamari",
    "kya",
    "hai",
}
CATEGORY_BY_NUMBER = {
    1: "sexual_abuse",
    2: "attempted_abuse",
    3: "harassment",
    4: "missing_child",
    5: "online_abuse",
    6: "other",
}
POLICE_BY_NUMBER = {1: "no", 2: "fir_registered", 3: "refused_or_nothing"}
REPORTER_BY_NUMBER = {
    1: "self",
    2: "parent",
    3: "relative",
    4: "neighbour",
    5: "teacher",
    6: "other",
}
