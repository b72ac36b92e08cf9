"""Urdu for the triage queue of unplaced reports (issue 10 item 5)."""

T = {
    "This case already has a district: correct it on the case page.": "اس کیس کا ضلع پہلے سے درج ہے: اسے کیس کے صفحے پر درست کریں۔",
    "Choose the district the report belongs to.": "وہ ضلع چنیں جس سے رپورٹ کا تعلق ہے۔",
    "Unplaced reports": "بغیر ضلع کی رپورٹیں",
    "Open reports with no district: no district's staff sees them until they are placed. Read the place the reporter gave (the reading is recorded with your reason), then choose the district; its staff are told at once. Oldest first; each should be placed within 24 hours.": "کھلی رپورٹیں جن کا ضلع معلوم نہیں: جب تک انہیں کسی ضلع میں نہ رکھا جائے، کسی ضلع کا عملہ انہیں نہیں دیکھتا۔ رپورٹ کرنے والے کی بتائی ہوئی جگہ پڑھیں (پڑھنا آپ کی وجہ کے ساتھ درج ہوتا ہے)، پھر ضلع چنیں؛ اس ضلع کے عملے کو فوراً بتایا جاتا ہے۔ سب سے پرانی پہلے؛ ہر رپورٹ 24 گھنٹے میں کسی ضلع میں رکھی جانی چاہیے۔",
    "Placing reports is done by case workers, supervisors and district officers who work for a province or the whole country.": "رپورٹوں کو ضلع میں رکھنے کا کام وہ کیس ورکر، نگران افسر اور ضلعی افسر کرتے ہیں جو کسی صوبے یا پورے ملک کے لیے کام کرتے ہیں۔",
    "received": "موصول",
    "province not known": "صوبہ معلوم نہیں",
    "to be placed by": "ضلع میں رکھنے کی آخری مہلت",
    "Place given": "بتائی گئی جگہ",
    "Why do you need to read the place?": "آپ کو جگہ پڑھنے کی ضرورت کیوں ہے؟",
    "Read the place given": "بتائی گئی جگہ پڑھیں",
    "Place in this district": "اس ضلع میں رکھیں",
    "No unplaced reports.": "کوئی بغیر ضلع کی رپورٹ نہیں۔",
    "Placed: the district's staff were told of the report.": "ضلع میں رکھ دی گئی: ضلع کے عملے کو رپورٹ کی اطلاع دے دی گئی۔",
    "The reporter gave no place.": "رپورٹ کرنے والے نے کوئی جگہ نہیں بتائی۔",
}
