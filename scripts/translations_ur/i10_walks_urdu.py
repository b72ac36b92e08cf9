# Issue 10's walks (e) and (f) in Urdu: who recorded an event, when it is a part of the system.
T = {
    "Nigraan (%(part)s)": "نگران (%(part)s)",
    "the web form": "ویب فارم",
    "SMS": "ایس ایم ایس",
    "the reporting app": "رپورٹ کرنے والی ایپ",
    "the follow-up page": "پیروی کا صفحہ",
    "the deadline clock": "مدت کی گھڑی",
    "the press watch": "اخباری نگرانی",
    "the custody notice to the reporter": "رپورٹ کنندہ کو حراست کی اطلاع",
    # A missed deadline on the case page's timeline (was "missing_child_fir → oversight (3)").
    "%(deadline)s: escalated to %(to)s (%(level)s×)": "%(deadline)s: %(to)s تک اوپر بھیجا گیا (%(level)s بار)",
}
