T = {
    "Many wrong receipt codes across the site": "پوری سائٹ پر بہت سے غلط رسید کوڈ",
}
