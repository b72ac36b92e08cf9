T = {
    "Many wrong receipt codes across the site": "پوری سائٹ پر بہت سے غلط رسید کوڈ",
    "Your message contains a number that looks like a receipt code. Never write your receipt code in a message: anyone who sees it could read your case. Remove it and send again.": "آپ کے پیغام میں ایک ایسا نمبر ہے جو رسید کوڈ لگتا ہے۔ اپنا رسید کوڈ کبھی کسی پیغام میں نہ لکھیں: جو بھی اسے دیکھے وہ آپ کا کیس پڑھ سکتا ہے۔ اسے ہٹا کر دوبارہ بھیجیں۔",
    "Erasure requested": "مٹانے کی درخواست",
    "An administrator asked for the case's protected details to be erased; a second administrator must approve it.": "ایک منتظم نے کیس کی محفوظ تفصیلات مٹانے کی درخواست کی؛ دوسرے منتظم کی منظوری ضروری ہے۔",
    "An erasure of this case is already waiting for approval.": "اس کیس کو مٹانے کی ایک درخواست پہلے ہی منظوری کی منتظر ہے۔",
    "Erasure needs two administrators: one requests it, a second approves it.": "مٹانے کے لیے دو منتظمین ضروری ہیں: ایک درخواست کرے، دوسرا منظوری دے۔",
    "You asked for this erasure: a second administrator must approve it.": "یہ درخواست آپ نے کی ہے: دوسرے منتظم کی منظوری ضروری ہے۔",
    "Your receipt code has changed": "آپ کا رسید کوڈ بدل گیا ہے",
    "Your report was taken by the helpline, so the person who took your call saw your code. To keep your case private, it has been replaced. Your new receipt code is:": "آپ کی رپورٹ ہیلپ لائن نے درج کی تھی، اس لیے کال سننے والے نے آپ کا کوڈ دیکھا۔ آپ کا کیس راز میں رکھنے کے لیے اسے بدل دیا گیا ہے۔ آپ کا نیا رسید کوڈ یہ ہے:",
    "Write it down now and keep it secret: it will not be shown again, and the old code no longer works.": "اسے ابھی لکھ لیں اور راز رکھیں: یہ دوبارہ نہیں دکھایا جائے گا، اور پرانا کوڈ اب کام نہیں کرتا۔",
    "Continue to your report": "اپنی رپورٹ پر جائیں",
    "Your code last opened this report on %(when)s. If that was not you, someone else has your code: tell the officer below, or call the helpline 1121.": "آپ کے کوڈ سے یہ رپورٹ آخری بار %(when)s کو کھولی گئی۔ اگر وہ آپ نہیں تھے تو آپ کا کوڈ کسی اور کے پاس ہے: نیچے افسر کو بتائیں، یا ہیلپ لائن 1121 پر کال کریں۔",
}
