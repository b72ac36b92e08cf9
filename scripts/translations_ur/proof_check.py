"""Urdu for the reporter's proof check (follow-up page) and the witnessed proof of report."""

T = {
    "Checked just now: your report is still in the public log. The independent witnesses have signed the log at %(size)s entries, and it still holds your report.": "ابھی جانچا گیا: آپ کی رپورٹ اب بھی عوامی ریکارڈ میں موجود ہے۔ آزاد گواہوں نے ریکارڈ پر %(size)s اندراجات پر دستخط کیے ہیں، اور اس میں آپ کی رپورٹ اب بھی موجود ہے۔",
    "Your report is in the public log. The independent witnesses have not yet signed a copy of the log that holds it; this is checked again each time you come back.": "آپ کی رپورٹ عوامی ریکارڈ میں موجود ہے۔ آزاد گواہوں نے ابھی تک ریکارڈ کی ایسی نقل پر دستخط نہیں کیے جس میں یہ شامل ہو؛ جب بھی آپ واپس آئیں گے اسے دوبارہ جانچا جائے گا۔",
    "Warning: your report is NOT in the public log any more.": "خبردار: آپ کی رپورٹ اب عوامی ریکارڈ میں موجود نہیں ہے۔",
    "Warning: we could not check that your report is still in the public log.": "خبردار: ہم یہ نہیں جانچ سکے کہ آپ کی رپورٹ اب بھی عوامی ریکارڈ میں موجود ہے۔",
    "The log no longer holds your report the way your proof of report shows it. Someone may have removed or changed it.": "ریکارڈ میں آپ کی رپورٹ اب اس طرح موجود نہیں جیسے آپ کی رپورٹ کا ثبوت دکھاتا ہے۔ ہو سکتا ہے کسی نے اسے مٹا دیا ہو یا بدل دیا ہو۔",
    "The record the witnesses signed could not be checked. Someone may have changed it.": "گواہوں کے دستخط شدہ ریکارڈ کی جانچ نہیں ہو سکی۔ ہو سکتا ہے کسی نے اسے بدل دیا ہو۔",
    "Keep your proof of report (the file or the printed page) safe. It shows that you reported, and when.": "اپنی رپورٹ کا ثبوت (فائل یا چھپا ہوا صفحہ) سنبھال کر رکھیں۔ اس سے ثابت ہوتا ہے کہ آپ نے رپورٹ کی تھی، اور کب۔",
    "Call the child protection helpline on 1121 and say that your report is missing from the log.": "چائلڈ پروٹیکشن ہیلپ لائن 1121 پر فون کریں اور بتائیں کہ آپ کی رپورٹ ریکارڈ سے غائب ہے۔",
    "Tell the witnesses listed on the transparency page; they hold their own copies of the log.": "شفافیت کے صفحے پر درج گواہوں کو بتائیں؛ ان کے پاس ریکارڈ کی اپنی نقول ہیں۔",
    "Independent witnesses have signed the log at %(size)s entries, and your report is in it. The file version of this proof carries their signatures.": "آزاد گواہوں نے ریکارڈ پر %(size)s اندراجات پر دستخط کیے ہیں، اور آپ کی رپورٹ اس میں شامل ہے۔ اس ثبوت کی فائل میں ان کے دستخط موجود ہیں۔",
    "The independent witnesses have not yet signed a copy of the log that holds your report. Download the proof again later to get their signatures.": "آزاد گواہوں نے ابھی تک ریکارڈ کی ایسی نقل پر دستخط نہیں کیے جس میں آپ کی رپورٹ شامل ہو۔ ان کے دستخط حاصل کرنے کے لیے بعد میں ثبوت دوبارہ ڈاؤن لوڈ کریں۔",
}
