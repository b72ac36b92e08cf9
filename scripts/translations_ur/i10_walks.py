T = {
    "Not answered": "جواب نہیں دیا گیا",
    "Log": "ریکارڈ",
    "Your report's fingerprint (leaf hash)": "آپ کی رپورٹ کی پہچان (لیف ہیش)",
    "Its place in the log": "ریکارڈ میں اس کا نمبر",
    "Entries in the log": "ریکارڈ میں کل اندراجات",
    "The log's fingerprint (root)": "ریکارڈ کی پہچان (روٹ)",
    "The log's signed promise": "ریکارڈ کا دستخط شدہ وعدہ",
    "Quick exit takes the pages of this visit off the “Back” button, if your browser runs JavaScript. It cannot remove what you opened before you came here (a search, for example), nor anything when JavaScript is off: close the tab as well.": "اگر آپ کا براؤزر جاوا اسکرپٹ چلاتا ہے تو «فوراً نکلیں» اس دورے کے صفحات «واپس» کے بٹن سے ہٹا دیتا ہے۔ یہاں آنے سے پہلے آپ نے جو کھولا (مثلاً کوئی تلاش) وہ نہیں ہٹا سکتا، اور جاوا اسکرپٹ بند ہو تو کچھ بھی نہیں: ٹیب بھی بند کر دیں۔",
}
