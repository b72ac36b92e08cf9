"""Urdu for staff notices as data (issue 10): each kind's title and words, read in the viewer's
language only, times in Pakistan time; and the press pages' codes in words."""

T = {
    "%(ref)s: missed deadline “%(title)s” (accused %(accused)s) (due %(due)s)": "%(ref)s: مقررہ وقت «%(title)s» (ملزم %(accused)s) گزر گیا (مقررہ %(due)s)",
    "%(ref)s: missed deadline “%(title)s” (due %(due)s)": "%(ref)s: مقررہ وقت «%(title)s» گزر گیا (مقررہ %(due)s)",
    "%(ref)s: an accused person was released on bail on %(day)s": "%(ref)s: ایک ملزم %(day)s کو ضمانت پر رہا ہوا",
    "%(ref)s: an accused person was acquitted on %(day)s": "%(ref)s: ایک ملزم %(day)s کو بری ہوا",
    "%(ref)s: an accused person was released on %(day)s": "%(ref)s: ایک ملزم %(day)s کو رہا ہوا",
    "%(ref)s: court outcome “%(outcome)s”, flagged for review": "%(ref)s: عدالتی نتیجہ «%(outcome)s»، جائزے کے لیے نشان زد",
    "%(ref)s: closing asked (“%(reason)s”); it needs a second person's approval": "%(ref)s: بند کرنے کی درخواست («%(reason)s»)؛ دوسرے شخص کی منظوری درکار ہے",
    "%(ref)s: closed (“%(reason)s”) with a second person's approval; flagged for review": "%(ref)s: دوسرے شخص کی منظوری سے بند («%(reason)s»)؛ جائزے کے لیے نشان زد",
    "%(actor)s read protected details %(reads)s times (%(cases)s cases) within %(minutes)s minutes": "%(actor)s نے %(minutes)s منٹ میں %(reads)s بار محفوظ تفصیلات پڑھیں (%(cases)s مقدمات)",
    "Ledger signing stopped: %(reason)s Nothing is signed until an administrator has investigated (docs/ledger.md).": "لیجر پر دستخط روک دیے گئے: %(reason)s جب تک کوئی منتظم تحقیق نہ کر لے، کسی چیز پر دستخط نہیں ہوں گے (docs/ledger.md)۔",
    "Case %(ref)s: its stored record (%(table)s, %(field)s) differs from the ledger. Someone changed the database directly. Investigate, then `nigraan ledger repair --from-ledger %(ref)s` (docs/ledger.md).": "مقدمہ %(ref)s: اس کا محفوظ ریکارڈ (%(table)s، %(field)s) لیجر سے مختلف ہے۔ کسی نے ڈیٹا بیس براہ راست بدلا ہے۔ تحقیق کریں، پھر `nigraan ledger repair --from-ledger %(ref)s` چلائیں (docs/ledger.md)۔",
    "Deadline missed: escalated to you": "مقررہ وقت گزر گیا: معاملہ آپ کو بھیجا گیا",
    "Deadline coming": "مقررہ وقت قریب ہے",
    "An accused person was released": "ایک ملزم رہا ہوا",
    "A court outcome to review": "جائزے کے لیے عدالتی نتیجہ",
    "Many protected details read": "بہت سی محفوظ تفصیلات پڑھی گئیں",
    "Press incident without a case": "اخباری واقعہ جس کا کوئی مقدمہ نہیں",
    "Notice": "اطلاع",
    "New reports for your place, messages from reporters, deadlines escalated to you and alarms. Opening a case marks its notices read. Times are Pakistan time.": "آپ کے علاقے کی نئی رپورٹیں، رپورٹ کرنے والوں کے پیغامات، آپ تک پہنچائی گئی گزری مدتیں اور انتباہ۔ مقدمہ کھولنے سے اس کی اطلاعات پڑھی ہوئی شمار ہو جاتی ہیں۔ اوقات پاکستانی وقت کے مطابق ہیں۔",
    # Press incidents' sources, in words (issue 10: labels, not codes, on staff pages).
    "first report": "پہلی خبر",
    "follow-up": "بعد کی خبر",
    "copy of another report": "دوسری خبر کی نقل",
    "verdict": "فیصلہ",
    "bail": "ضمانت",
    "remand": "ریمانڈ",
    "charge sheet": "چالان",
    "court hearing": "عدالتی سماعت",
    "arrest": "گرفتاری",
}
