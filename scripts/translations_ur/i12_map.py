"""Urdu for the figures map, charts and live figures (issue 12 item 4)."""

T = {
    "about %(n)s": "تقریباً %(n)s",
    "withheld or not shown": "روک لیا گیا یا نہیں دکھایا گیا",
    "Live: reports received this month so far": "تازہ ترین: اس مہینے اب تک موصول ہونے والی رپورٹیں",
    "Live figures, not a release:": "تازہ اعداد، باقاعدہ اجرا نہیں:",
    "rounded to the nearest %(n)s, for Pakistan and the provinces only, counted every %(m)s minutes; they are not checked, stored or signed like a release, and they are replaced by the month's release when it is published.": "قریب ترین %(n)s تک گول کیے گئے، صرف پاکستان اور صوبوں کے لیے، ہر %(m)s منٹ بعد گنے جاتے ہیں؛ انہیں اجرا کی طرح جانچا، محفوظ یا دستخط نہیں کیا جاتا، اور مہینے کا اجرا شائع ہونے پر اس کی جگہ وہی لے لیتا ہے۔",
    "Counted up to": "اس وقت تک گنے گئے:",
    "month": "مہینہ",
    "Map: %(m)s by district": "نقشہ: %(m)s، ضلع وار",
    "Colour by:": "رنگ کس لحاظ سے:",
    "Legend": "علامات کی وضاحت",
    "Counts of reported cases, not rates: a district with more people may have more reports.": "یہ رپورٹ ہونے والے مقدمات کی تعداد ہے، شرح نہیں: زیادہ آبادی والے ضلع میں رپورٹیں زیادہ ہو سکتی ہیں۔",
    "The map as a table": "نقشہ بطور جدول",
    "Bars share one scale. Charges are counted per charge and outcomes per accused person, so they can outnumber FIRs; trials started are counted per case.": "تمام پٹیاں ایک ہی پیمانے پر ہیں۔ الزامات ہر الزام کے حساب سے اور نتائج ہر ملزم کے حساب سے گنے جاتے ہیں، اس لیے یہ ایف آئی آر سے زیادہ ہو سکتے ہیں؛ سماعت کا آغاز ہر مقدمے کے حساب سے گنا جاتا ہے۔",
    "Legal deadline:": "قانونی مدت:",
    "Medians over fewer than %(m)s cases are not shown. No law sets a deadline from every report to its FIR or from the FIR to the verdict: beside each clock are the legal deadlines nearest to it (an FIR for a missing child; the police report to the court, counted from the FIR; the rape trial, counted from the start of the trial). All deadlines are in the rules (docs/rules.md).": "%(m)s سے کم مقدمات کی درمیانی قدر نہیں دکھائی جاتی۔ کوئی قانون ہر رپورٹ سے اس کی ایف آئی آر تک یا ایف آئی آر سے فیصلے تک مدت مقرر نہیں کرتا: ہر گھڑی کے ساتھ اس کے قریب ترین قانونی مدتیں دی گئی ہیں (لاپتہ بچے کی ایف آئی آر؛ عدالت میں پولیس رپورٹ، ایف آئی آر سے گنی جاتی ہے؛ زیادتی کے مقدمے کی سماعت، سماعت کے آغاز سے گنی جاتی ہے)۔ تمام مدتیں قواعد میں ہیں (docs/rules.md)۔",
}

PLURALS = {
    "%(n)d hour": ("%(n)d گھنٹہ", "%(n)d گھنٹے"),
    "%(n)d day": ("%(n)d دن", "%(n)d دن"),
}
