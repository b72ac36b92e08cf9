"""Urdu for staff notices: new reports, reporters' messages, the notices page."""

T = {
    "Notices": "اطلاعات",
    "Unread notices": "نہ پڑھی گئی اطلاعات",
    "New reports for your place, messages from reporters, deadlines escalated to you and alarms. Opening a case marks its notices read.": "آپ کے علاقے کی نئی رپورٹیں، رپورٹ کرنے والوں کے پیغامات، آپ تک پہنچائی گئی گزری مدتیں اور انتباہ۔ مقدمہ کھولنے سے اس کی اطلاعات پڑھی ہوئی شمار ہو جاتی ہیں۔",
    "Mark all read": "سب کو پڑھا ہوا نشان زد کریں",
    "Mark read": "پڑھا ہوا نشان زد کریں",
    "Nothing unread.": "کوئی نہ پڑھی گئی اطلاع نہیں۔",
    "Read": "پڑھی گئی",
    "Urgent new report": "فوری نئی رپورٹ",
    "New report": "نئی رپورٹ",
    "The reporter wrote": "رپورٹ کرنے والے نے لکھا",
    "%(ref)s: URGENT new report: the child may be in danger now": "%(ref)s: فوری نئی رپورٹ: بچہ اس وقت خطرے میں ہو سکتا ہے",
    "%(ref)s: new report, not yet assigned": "%(ref)s: نئی رپورٹ، ابھی کسی کے سپرد نہیں",
    "%(ref)s: the reporter added information": "%(ref)s: رپورٹ کرنے والے نے مزید معلومات دیں",
    "%(ref)s: the reporter sent a message": "%(ref)s: رپورٹ کرنے والے نے پیغام بھیجا",
    "All unread notices": "تمام نہ پڑھی گئی اطلاعات",
}

PLURALS = {
    "%(counter)s unread": ("%(counter)s نہ پڑھی گئی", "%(counter)s نہ پڑھی گئیں"),
}
