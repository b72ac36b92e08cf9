"""Urdu for the staff work pages: my cases, overdue, the district board, the services directory."""

T = {
# The services directory's commands (cases/service_directory.py)
"Medical": "طبی",
"Legal aid": "قانونی امداد",
"Psychosocial support": "نفسیاتی و سماجی مدد",
"Shelter": "پناہ گاہ",
"Child protection": "تحفظِ اطفال",
"%(what)s has characters that cannot be shown.": "%(what)s میں ایسے حروف ہیں جو دکھائے نہیں جا سکتے۔",
"Choose a district from the list.": "فہرست میں سے ضلع چنیں۔",
"Choose a kind of service from the list.": "فہرست میں سے خدمت کی قسم چنیں۔",
"The service's name": "خدمت کا نام",
"The contact": "رابطہ",
"This district's directory already has a service of that kind with that name.": "اس ضلع کی فہرست میں اس قسم کی اسی نام سے ایک خدمت پہلے سے موجود ہے۔",
"The directory is busy; please try again.": "فہرست اس وقت مصروف ہے؛ براہِ کرم دوبارہ کوشش کریں۔",
"No service has that code.": "اس کوڈ کی کوئی خدمت نہیں ہے۔",
"That service is already active.": "یہ خدمت پہلے ہی فعال ہے۔",
"That service is already inactive.": "یہ خدمت پہلے ہی غیر فعال ہے۔",
# Navigation and paging
"Staff pages": "عملے کے صفحات",
"My cases": "میرے مقدمات",
"District board": "ضلعی بورڈ",
"Services": "خدمات",
"Previous page": "پچھلا صفحہ",
"Next page": "اگلا صفحہ",
# District board
"Back to the whole board": "پورے بورڈ پر واپس",
"Open cases at this stage, oldest first.": "اس مرحلے پر کھلے مقدمات، سب سے پرانا پہلے۔",
"No open case is at this stage.": "اس مرحلے پر کوئی کھلا مقدمہ نہیں ہے۔",
"Open cases of this district by stage, in the order of the pipeline, oldest first within each stage. A column shows its %(cap)s oldest cases; “All …” opens the rest a page at a time.":
    "اس ضلع کے کھلے مقدمات مرحلہ وار، کارروائی کی ترتیب میں؛ ہر مرحلے میں سب سے پرانا پہلے۔ ہر کالم میں زیادہ سے زیادہ %(cap)s پرانے مقدمات دکھائے جاتے ہیں؛ «تمام …» باقی مقدمات صفحہ بہ صفحہ کھولتا ہے۔",
"Stages": "مراحل",
"All %(n)s at this stage": "اس مرحلے کے تمام %(n)s",
"This district has no open cases.": "اس ضلع میں کوئی کھلا مقدمہ نہیں ہے۔",
"You may not see that district's cases. Choose one of yours.": "آپ اس ضلع کے مقدمات نہیں دیکھ سکتے۔ اپنے اضلاع میں سے کوئی چنیں۔",
"Your account does not cover any district.": "آپ کے کھاتے میں کوئی ضلع شامل نہیں۔",
"%(span)s ago": "%(span)s پہلے",
# My cases
"Open cases you own, the most urgent first. Each shows its stage and its next deadline that is not met yet, with the time left or how long it is overdue.":
    "آپ کے ذمے کھلے مقدمات، سب سے فوری پہلے۔ ہر ایک کے ساتھ اس کا مرحلہ اور اس کی اگلی مدت جو ابھی پوری نہیں ہوئی، باقی وقت یا تاخیر کے ساتھ دکھائی گئی ہے۔",
"Next deadline": "اگلی مقررہ مدت",
"No deadline is running on this case.": "اس مقدمے پر کوئی مدت جاری نہیں ہے۔",
"You own no open cases. A supervisor or district officer assigns cases on the case page.": "آپ کے ذمے کوئی کھلا مقدمہ نہیں ہے۔ نگران افسر یا ضلعی افسر مقدمے کے صفحے پر مقدمات سپرد کرتے ہیں۔",
"less than a minute": "ایک منٹ سے کم",
"overdue by %(span)s": "%(span)s کی تاخیر",
"%(span)s left": "%(span)s باقی",
# Overdue
"Whose cases": "کس کے مقدمات",
"Mine": "میرے",
"My team": "میری ٹیم",
"My districts": "میرے اضلاع",
"Missed deadlines on open cases you own.": "آپ کے ذمے کھلے مقدمات کی گزری ہوئی مدتیں۔",
"Missed deadlines on open cases owned by your team: everyone whose area lies within yours (for a district's staff, everyone working in that district; for a province, everyone in it), you included. Cases nobody owns yet are under “My districts”.":
    "آپ کی ٹیم کے ذمے کھلے مقدمات کی گزری ہوئی مدتیں: ہر وہ شخص جس کا علاقہ آپ کے علاقے کے اندر ہے (ضلع کے عملے کے لیے اس ضلع میں کام کرنے والے سب لوگ؛ صوبے کے لیے اس صوبے کے سب لوگ)، آپ سمیت۔ جن مقدمات کا ابھی کوئی ذمہ دار نہیں وہ «میرے اضلاع» میں ہیں۔",
"Missed deadlines on every open case in your districts, whoever owns it, and on cases nobody owns yet.":
    "آپ کے اضلاع کے ہر کھلے مقدمے کی گزری ہوئی مدتیں، خواہ ذمہ دار کوئی بھی ہو، اور ان مقدمات کی بھی جن کا ابھی کوئی ذمہ دار نہیں۔",
"Most overdue first. “Escalated” counts how many levels up the chain the deadline has gone so far.":
    "سب سے زیادہ تاخیر والی مدت پہلے۔ «اوپر بھیجا گیا» بتاتا ہے کہ یہ مدت اب تک سلسلے میں کتنے درجے اوپر جا چکی ہے۔",
"was due": "مقررہ وقت تھا",
"not escalated yet": "ابھی اوپر نہیں بھیجا گیا",
"now with: %(whom)s": "اب %(whom)s کے پاس",
"Nothing is overdue here.": "یہاں کوئی مدت نہیں گزری۔",
# Services directory
"Services directory": "خدمات کی فہرست",
"Services a case can be referred to from the case page: medical care, legal aid, psychosocial support, shelter and child protection, by district.":
    "وہ خدمات جن کے پاس مقدمے کے صفحے سے مقدمہ بھیجا جا سکتا ہے: طبی دیکھ بھال، قانونی امداد، نفسیاتی و سماجی مدد، پناہ گاہ اور تحفظِ اطفال، ضلع وار۔",
"You may add services in your districts, and deactivate one that no longer takes referrals (its past referrals stay on the cases).":
    "آپ اپنے اضلاع میں خدمات شامل کر سکتے ہیں، اور جو خدمت اب حوالے قبول نہیں کرتی اسے غیر فعال کر سکتے ہیں (اس کے پچھلے حوالے مقدمات پر محفوظ رہتے ہیں)۔",
"An administrator or the district child-protection officer keeps it up to date; tell them if something here is wrong.":
    "منتظم یا ضلعی چائلڈ پروٹیکشن آفیسر اسے تازہ رکھتے ہیں؛ اگر یہاں کچھ غلط ہو تو انہیں بتائیں۔",
"Add a service": "خدمت شامل کریں",
"The service was not added. Fix what is marked below and send again.": "خدمت شامل نہیں ہوئی۔ نیچے نشان زدہ خانے درست کر کے دوبارہ بھیجیں۔",
"Choose a district": "ضلع چنیں",
"Kind of service": "خدمت کی قسم",
"Choose a kind": "قسم چنیں",
"Name": "نام",
"Contact (phone, address or opening hours; optional)": "رابطہ (فون، پتا یا اوقاتِ کار؛ اختیاری)",
"Add to the directory": "فہرست میں شامل کریں",
"All my districts": "میرے تمام اضلاع",
"inactive": "غیر فعال",
"No contact recorded": "کوئی رابطہ درج نہیں",
"Deactivate": "غیر فعال کریں",
"Reactivate": "دوبارہ فعال کریں",
"No services are listed for your districts yet.": "آپ کے اضلاع کے لیے ابھی کوئی خدمت درج نہیں۔",
"Added “%(name)s” to the directory.": "«%(name)s» فہرست میں شامل کر دی گئی۔",
"“%(name)s” is active again.": "«%(name)s» دوبارہ فعال ہے۔",
"“%(name)s” is inactive: no new referrals can be made to it.": "«%(name)s» غیر فعال ہے: اب اس کے پاس نئے حوالے نہیں بھیجے جا سکتے۔",
"Unknown action.": "نامعلوم کارروائی۔",
"Only an administrator or a district child-protection officer of that district may change the directory.":
    "فہرست میں تبدیلی صرف منتظم یا اسی ضلع کا چائلڈ پروٹیکشن آفیسر کر سکتا ہے۔",
}

PLURALS = {
"%(counter)s open case": ("%(counter)s کھلا مقدمہ", "%(counter)s کھلے مقدمات"),
"and %(counter)s more deadline": ("اور %(counter)s مزید مدت", "اور %(counter)s مزید مدتیں"),
"%(counter)s missed deadline": ("%(counter)s گزری ہوئی مدت", "%(counter)s گزری ہوئی مدتیں"),
"%(counter)s service": ("%(counter)s خدمت", "%(counter)s خدمات"),
"%(count)d day": ("%(count)d دن", "%(count)d دن"),
"%(count)d hour": ("%(count)d گھنٹہ", "%(count)d گھنٹے"),
"%(count)d minute": ("%(count)d منٹ", "%(count)d منٹ"),
}
