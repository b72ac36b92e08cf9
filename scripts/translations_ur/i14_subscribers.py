T = {
    "Get missing-child alerts": "لاپتہ بچوں کے الرٹ حاصل کریں",
    "We have sent an SMS to this number. Reply to it as it says to confirm; until then nothing is saved.": "ہم نے اس نمبر پر ایک ایس ایم ایس بھیجا ہے۔ تصدیق کے لیے اس میں لکھے مطابق جواب دیں؛ تب تک کچھ محفوظ نہیں ہوتا۔",
    "This number will get no more alerts.": "اس نمبر پر اب کوئی الرٹ نہیں آئے گا۔",
    "Alerts about a missing child near you, by SMS. You can also send ALERT and your district's name (for example ALERT Korangi) by SMS, and ALERT STOP to stop.": "آپ کے قریب لاپتہ بچے کے بارے میں الرٹ، ایس ایم ایس کے ذریعے۔ آپ ایس ایم ایس میں «الرٹ» اور اپنے ضلع کا نام (مثلاً الرٹ کورنگی) بھی بھیج سکتے ہیں، اور بند کرنے کے لیے «الرٹ بند»۔",
    "Mobile number": "موبائل نمبر",
    "District": "ضلع",
    "Send me alerts": "مجھے الرٹ بھیجیں",
    "Stop alerts": "الرٹ بند کریں",
    "Your number is kept encrypted and used only to send alerts. Stopping deletes it.": "آپ کا نمبر خفیہ (انکرپٹڈ) رکھا جاتا ہے اور صرف الرٹ بھیجنے کے لیے استعمال ہوتا ہے۔ بند کرنے پر اسے مٹا دیا جاتا ہے۔",
    "We could not find that district. Write the name of your district.": "یہ ضلع نہیں ملا۔ اپنے ضلع کا نام لکھیں۔",
    "This is not a Pakistani mobile number. Example: 03001234567": "یہ پاکستانی موبائل نمبر نہیں۔ مثال: 03001234567",
}
