T = {
    "Not answered": "جواب نہیں دیا گیا",
    "Log": "ریکارڈ",
    "Your report's fingerprint (leaf hash)": "آپ کی رپورٹ کی پہچان (لیف ہیش)",
    "Its place in the log": "ریکارڈ میں اس کا نمبر",
    "Entries in the log": "ریکارڈ میں کل اندراجات",
    "The log's fingerprint (root)": "ریکارڈ کی پہچان (روٹ)",
    "The log's signed promise": "ریکارڈ کا دستخط شدہ وعدہ",
}
