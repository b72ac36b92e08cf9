T = {
    "Many wrong receipt codes across the site": "پوری سائٹ پر بہت سے غلط رسید کوڈ",
    "Your message contains a number that looks like a receipt code. Never write your receipt code in a message: anyone who sees it could read your case. Remove it and send again.": "آپ کے پیغام میں ایک ایسا نمبر ہے جو رسید کوڈ لگتا ہے۔ اپنا رسید کوڈ کبھی کسی پیغام میں نہ لکھیں: جو بھی اسے دیکھے وہ آپ کا کیس پڑھ سکتا ہے۔ اسے ہٹا کر دوبارہ بھیجیں۔",
}
