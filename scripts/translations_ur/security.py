"""Urdu for the security work of issue 11: staff password rules, second-factor replays, and the
administrators' security events page."""

T = {
    # Staff passwords (accounts/passwords.py)
    "This password has too few different characters.": "اس پاس ورڈ میں مختلف حروف بہت کم ہیں۔",
    "This password is a run of keys or letters (like qwerty or abcdef).": "یہ پاس ورڈ کی بورڈ کی کنجیوں یا حروفِ تہجی کی ایک قطار ہے (جیسے qwerty یا abcdef)۔",
    "This password is too common, even with numbers added or repeated.": "یہ پاس ورڈ بہت عام ہے، ہندسے جوڑ کر یا دہرا کر بھی۔",
    "Your password can't be a commonly used password.": "آپ کا پاس ورڈ کوئی عام استعمال ہونے والا پاس ورڈ نہیں ہو سکتا۔",
    "The site's name, your username or name, and place names do not count towards a password's %(min_length)d characters: add other words.": "سائٹ کا نام، آپ کا یوزر نیم یا نام، اور جگہوں کے نام پاس ورڈ کے %(min_length)d حروف میں شمار نہیں ہوتے: دوسرے الفاظ شامل کریں۔",
    "Your password can't be made mostly of your name or place names.": "آپ کا پاس ورڈ زیادہ تر آپ کے نام یا جگہوں کے ناموں پر مشتمل نہیں ہو سکتا۔",
    # Second factor (accounts/views.py)
    "That code was already used. Wait for the next code and enter it.": "یہ کوڈ پہلے استعمال ہو چکا ہے۔ اگلے کوڈ کا انتظار کریں اور اسے درج کریں۔",
    # Security event kinds (security/models.py)
    "Logged in": "لاگ اِن ہوا",
    "Failed login": "ناکام لاگ اِن",
    "Login locked after repeated failures": "بار بار ناکامی کے بعد لاگ اِن بند",
    "Wrong second-factor code": "دوسرے مرحلے کا غلط کوڈ",
    "Second-factor code used a second time": "دوسرے مرحلے کا کوڈ دوبارہ استعمال ہوا",
    "Second factor set up": "دوسرا مرحلہ ترتیب دیا گیا",
    "Permission refused": "اجازت نہیں دی گئی",
    "Many protected reads by one person": "ایک شخص کی طرف سے محفوظ تفصیلات بہت بار پڑھی گئیں",
    "Staff account created": "عملے کا اکاؤنٹ بنایا گیا",
    # The security events page (security/templates/security/events.html)
    "Security events": "سیکیورٹی کے واقعات",
    "Logins, lock-outs, refused requests and bulk-read alerts. Addresses are shown only as a short code: the same code means the same address.": "لاگ اِن، بندشیں، مسترد کی گئی درخواستیں اور بڑی تعداد میں پڑھنے کی تنبیہات۔ پتے صرف ایک مختصر کوڈ کی صورت میں دکھائے جاتے ہیں: ایک ہی کوڈ کا مطلب ایک ہی پتا ہے۔",
    "What": "کیا",
    "Everything": "سب کچھ",
    "Staff username": "عملے کا یوزر نیم",
    "When": "کب",
    "Who": "کون",
    "From": "کہاں سے",
    "Details": "تفصیلات",
    "unknown username": "نامعلوم یوزر نیم",
}
