"""Urdu for oversight's view: the province summary and the filters of "All cases"."""

T = {
    "Province summary": "صوبائی خلاصہ",
    "For each district you oversee: open cases, those with a missed deadline, those escalated, those nobody owns, those flagged for oversight, those closed without an FIR and those where an accused person was released. Each number opens the list of exactly those cases.": "ہر اس ضلع کے لیے جس کی آپ نگرانی کرتے ہیں: کھلے مقدمات، جن کی مقررہ مدت گزر گئی، جو اوپر بھیجے گئے، جن کا کوئی ذمہ دار نہیں، جو نگرانی کے لیے نشان زد ہیں، جو ایف آئی آر کے بغیر بند کیے گئے اور جن میں کوئی ملزم رہا ہوا۔ ہر عدد بالکل انہی مقدمات کی فہرست کھولتا ہے۔",
    "No cases.": "کوئی مقدمہ نہیں۔",
    "Still open": "ابھی کھلے",
    "No cases in:": "ان اضلاع میں کوئی مقدمہ نہیں:",
    ", ": "، ",
    "Escalated": "اوپر بھیجے گئے",
    "Unowned": "جن کا کوئی ذمہ دار نہیں",
    "Flagged for oversight": "نگرانی کے لیے نشان زد",
    "Closed without an FIR": "ایف آئی آر کے بغیر بند",
    "Accused released": "ملزم رہا",
    "Any district": "کوئی بھی ضلع",
    "Owner (user name)": "ذمہ دار (صارف نام)",
    "Only cases that are": "صرف وہ مقدمات جو",
    "Clear the filters": "فلٹر ہٹائیں",
}
