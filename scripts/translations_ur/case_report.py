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
