T = {
    "The report, as given": "رپورٹ، جیسے دی گئی",
    "Protected: read it below, with a reason": "محفوظ: نیچے وجہ لکھ کر پڑھیں",
    "Not recorded": "درج نہیں",
    "Erased": "مٹا دیا گیا",
    "About %(amount)s %(unit)s (counted from the report on %(day)s)": "تقریباً %(amount)s %(unit)s (رپورٹ کی تاریخ %(day)s سے گن کر)",
    "On %(day)s": "%(day)s کو",
    "Phone number": "فون نمبر",
    "Email": "ای میل",
}
T.update(
    {
        "Legal basis for the police recorded": "پولیس کے لیے قانونی بنیاد درج",
        "A supervisor recorded the legal basis on which the police and prosecutor may read the protected details without the reporter's consent.": "نگران نے وہ قانونی بنیاد درج کی جس پر پولیس اور استغاثہ رپورٹ کنندہ کی رضامندی کے بغیر محفوظ تفصیلات پڑھ سکتے ہیں۔",
        "The reporter named the police or an official as the abuser: the police may read the protected details only after a supervisor records a legal basis.": "رپورٹ کنندہ نے پولیس یا کسی سرکاری اہلکار کو زیادتی کرنے والا بتایا ہے: پولیس محفوظ تفصیلات صرف اس وقت پڑھ سکتی ہے جب نگران قانونی بنیاد درج کرے۔",
        "The reporter did not agree to share the report with the police: the police and prosecutor may read the protected details only after a supervisor records a legal basis.": "رپورٹ کنندہ نے رپورٹ پولیس کو دینے کی اجازت نہیں دی: پولیس اور استغاثہ محفوظ تفصیلات صرف اس وقت پڑھ سکتے ہیں جب نگران قانونی بنیاد درج کرے۔",
        "Write the legal basis: the law, section or court order that allows it.": "قانونی بنیاد لکھیں: وہ قانون، دفعہ یا عدالتی حکم جو اس کی اجازت دیتا ہے۔",
        "A supervisor recorded a legal basis: the police and prosecutor may read the protected details.": "نگران نے قانونی بنیاد درج کر دی ہے: پولیس اور استغاثہ محفوظ تفصیلات پڑھ سکتے ہیں۔",
        "Recorded. The police and prosecutor may now read the protected details.": "درج ہو گیا۔ اب پولیس اور استغاثہ محفوظ تفصیلات پڑھ سکتے ہیں۔",
        "Legal basis for the police and prosecutor to read them without the reporter's consent (law, section or court order)": "رپورٹ کنندہ کی رضامندی کے بغیر پولیس اور استغاثہ کے پڑھنے کی قانونی بنیاد (قانون، دفعہ یا عدالتی حکم)",
        "Record the legal basis": "قانونی بنیاد درج کریں",
    }
)
T.update(
    {
        "“%(field)s” goes with “%(needed)s”, but “%(selector)s” is “%(chosen)s”. Choose “%(needed)s” there, or clear this answer.": "«%(field)s» کا جواب «%(needed)s» کے ساتھ ہوتا ہے، لیکن «%(selector)s» میں «%(chosen)s» چنا گیا ہے۔ وہاں «%(needed)s» چنیں، یا یہ جواب خالی کر دیں۔",
        "Contradicts “%(field)s”.": "«%(field)s» سے ٹکراتا ہے۔",
    }
)
