# Urdu for event kinds (their one-line definitions, read with public figures) and for the notices
# and SMS messages the commands send (nigraan/cases/notices_text.py).
T = {
    "A report was received and a case was opened for it.": "ایک رپورٹ موصول ہوئی اور اس کے لیے مقدمہ کھولا گیا۔",
    "The case was given an owner: the person answerable for its next step.": "مقدمہ کسی کے سپرد کیا گیا: وہ شخص جو اس کے اگلے قدم کا جواب دہ ہے۔",
    "A note was added to the case; only people who may read protected details can.": "مقدمے میں ایک نوٹ شامل کیا گیا؛ اسے صرف وہی لوگ پڑھ سکتے ہیں جنہیں محفوظ تفصیلات پڑھنے کی اجازت ہے۔",
    "A recorded detail was corrected, with a reason; the earlier value stays.": "درج شدہ ایک تفصیل وجہ کے ساتھ درست کی گئی؛ پہلے والی قدر بھی محفوظ رہتی ہے۔",
    "The case reached a stage of the justice process, closing included.": "مقدمہ انصاف کے عمل کے کسی مرحلے پر پہنچا، بند ہونا بھی اس میں شامل ہے۔",
    "Someone allowed to read the case's protected details read them, with a reason.": "مقدمے کی محفوظ تفصیلات پڑھنے کے مجاز کسی شخص نے وجہ بتا کر انہیں پڑھا۔",
    "The case's key was destroyed: its protected details can never be read again.": "مقدمے کی کلید ختم کر دی گئی: اس کی محفوظ تفصیلات اب کبھی پڑھی نہیں جا سکتیں۔",
    "The reporter wrote to the case worker or added information.": "رپورٹ کرنے والے نے کیس ورکر کو لکھا یا مزید معلومات دیں۔",
    "A message to the reporter, from staff or telling of an accused's release.": "رپورٹ کرنے والے کے لیے پیغام، عملے کی طرف سے یا کسی ملزم کی رہائی کی اطلاع۔",
    "A legal or policy deadline was missed and the case went one level up.": "قانونی یا پالیسی کا مقررہ وقت گزر گیا اور مقدمہ ایک درجہ اوپر بھیجا گیا۔",
    "An accused person was recorded on the case; a name, if given, is sealed.": "مقدمے میں ایک ملزم درج کیا گیا؛ نام دیا گیا ہو تو وہ خفیہ رکھا جاتا ہے۔",
    "An accused person was arrested, remanded, bailed or released, with the law.": "کسی ملزم کو قانون کے حوالے کے ساتھ گرفتار کیا گیا، ریمانڈ پر دیا گیا، ضمانت پر یا ویسے رہا کیا گیا۔",
    "An accused person was charged under a law and section.": "کسی ملزم پر کسی قانون اور دفعہ کے تحت فردِ جرم عائد کی گئی۔",
    "The case was referred to a service in its district, such as a hospital.": "مقدمہ اس کے ضلع میں کسی خدمت، مثلاً ہسپتال، کو بھیجا گیا۔",
    "A service accepted, declined or completed a referral.": "کسی خدمت نے حوالہ قبول کیا، رد کیا یا مکمل کیا۔",
    "A court hearing sat; the next date fixed is recorded with it.": "عدالت میں سماعت ہوئی؛ اگلی مقرر تاریخ بھی ساتھ درج ہے۔",
    "How the case ended for some or all accused, from conviction to withdrawal.": "کچھ یا تمام ملزمان کے لیے مقدمہ کیسے ختم ہوا، سزا سے لے کر واپسی تک۔",
    "The day a recorded fact happened was corrected, with a reason.": "درج شدہ کسی واقعے کا دن وجہ کے ساتھ درست کیا گیا۔",
}
