"""Urdu for the staff export (the case list's download line, its security event)."""

T = {
    "Case list exported": "مقدمات کی فہرست ڈاؤن لوڈ کی گئی",
    "Download these cases (no protected details; each download is recorded):": "یہ مقدمات ڈاؤن لوڈ کریں (محفوظ تفصیلات کے بغیر؛ ہر ڈاؤن لوڈ درج کیا جاتا ہے):",
}
