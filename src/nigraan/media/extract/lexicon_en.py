"""English vocabularies of Pakistani crime reporting, as compiled patterns.

Each pattern names one thing the labelling guide distinguishes. They were written from the guide
and from the way Pakistani papers phrase police briefs (PPC sections, "FIR", "taken into custody",
"unnatural offence"), not from any one article.
"""

from __future__ import annotations

import re

from nigraan.media.extract.words import words

CASED = 0


def _p(pattern: str, flags: int | None = None) -> re.Pattern[str]:
    """Patterns are matched against lower-cased text (much faster than re.IGNORECASE on long
    alternations); ``CASED`` ones against the text as written."""
    if flags == CASED:
        return re.compile(pattern)
    if re.search(r"\\[BWSD]", pattern):
        raise ValueError("upper-case escapes change meaning when lowered")
    return re.compile(pattern.lower().replace("(?p<", "(?P<"))


# -- what is being reported ------------------------------------------------------------------
# Phrases that mention rape without asserting it happened: they are masked before looking.
NOT_AN_ASSERTION = _p(
    r"\banti-rape\b|\brape (?:sections?|charges?|laws?|cases? (?:are|is) (?:rising|increasing))"
    r"|\b(?:whether|if) (?:she|he|the \w+) (?:was|had been) (?:raped|sexually)\w*"
    r"|\bwhether rape had\b|\bno sexual activity\b|\bnot (?:been )?(?:raped|sexually)\w*"
)
ATTEMPT = _p(
    r"\b(?:attempt(?:ed|ing|s)?|tried|trying|bid|effort)\s+(?:to|at|of)\s+(?:\w+\s+){0,3}?"
    r"(?:rape|raping|sodomi[sz]\w*|sexually|molest\w*|sexual(?:ly)? (?:assault|abuse))\w*"
    r"|\battempted (?:rape|sodomy|sexual assault|gang[- ]?rape)\b"
    r"|\b(?:rape|sodomy|gang[- ]?rape) (?:attempts?|bids?)\b|\battempts? of rape\b"
)
GANG = _p(r"\bgang[- ]?(?:rap\w*|sodom\w*)|\bgangrap\w*|\bcollective(?:ly)? rap\w*")
RAPE = _p(r"\brap(?:e|ed|es|ing|ist|ists)\b|\bzina[- ]bil[- ]jabr\b")
SODOMY = _p(r"\bsodom(?:y|i[sz]\w*|ites?)\b|\bunnatural (?:offen[cs]es?|act|sex|lust)\b")
SEXUAL_ASSAULT = _p(
    r"\bsexual(?:ly)?[- ](?:assault|abus|exploit|molest|violen|attack|torture)\w*"
    r"|\bmolest\w*|\bindecent(?:ly)? (?:assault|act)\w*|\bsexual abuse\b|\bsexually abused\b"
)
HARASSMENT = _p(
    r"\bsexual(?:ly)? harass\w*|\bharass\w* (?:of )?(?:female|girl|women|her\b|students?)\w*"
    r"|\bsection 509\b|\bobscene (?:gestures?|messages|calls|remarks)|\bstalk(?:ed|ing)\b"
    r"|\bmodesty of a woman\b"
)
PORNOGRAPHY = _p(
    r"\b(?:obscene|objectionable|explicit|nude|indecent|immoral|compromising|intimate)\s+"
    r"(?:videos?|pictures?|photos?|photographs?|images?|content|material|clips?)\b"
    r"|\bpornograph\w*|\bfilm(?:ed|ing)\b|\brecorded (?:\w+ )?videos?\b|\bCSAM\b"
    r"|\bmade (?:a |their )?videos?\b"
)
BLACKMAIL = _p(r"\bblackmail\w*|\bextort\w*")
RING = _p(r"\b(?:gang|ring|racket|network|scandal)\b(?! ?-?rap)")
ABDUCTION = _p(
    r"\babduct\w*|\bkidnap\w*|\btaken captive\b|\bforcibly (?:taken|took|picked|whisked)\b"
    r"|\bwhisked (?:her|him) away\b|\bpicked (?:her|him) up\b|\bforced conversions?\b"
    r"|\bforcibly converted\b|\b36[45]-?[AB]\b"
)
CHILD_MARRIAGE = _p(
    r"\bchild marriages?\b|\b(?:under-?age|early|minor|child)(?:'s)? (?:age )?"
    r"(?:marriages?|nikah|brides?|weddings?)\b|\bmarri(?:ed|es|ing) (?:\w+ ){0,2}off\b"
    r"|\bchild marriages? restraint\b|\bvani\b|\bswara\b|\b\w+-year-old (?:bride|wife)\b"
    r"|\bforcibly married\b|\bforced (?:to )?marr\w*|\bmarriage (?:of|with) (?:a|the) minor\b"
    r"|\bmarriage (?:of|to) (?:a|an) \w+-year-old\b"
)
MURDER = _p(
    r"\bmurder\w*|\b(?<!to )kill(?:ed|ing|er|ers)\b|\bstrangl\w*|\bstrangulat\w*|\bshot dead\b"
    r"|\bfound dead\b|\bdead body\b|\bbody (?:of the (?:victim|girl|boy|child|minor)|was found"
    r"|has been found|had been found|was recovered|was dumped|was discovered)\b|\bcorpse\b"
    r"|\bqatl\b|\bthrottled\b|\bsmothered\b|\basphyxia\w*|\bdied after\b"
)
SECTION = _p(
    r"\b(?:sections?|s\.|u/s|under|ppc)\b[^.;]{0,80}?\b(?P<n>376|377|375|292|354|509|364|365|"
    r"496|498|302)(?:\s*[-/(]?\s*(?P<l>[A-Ea-e])\b\)?)?"
)
STATISTICS = _p(
    r"\bsahil\b|\bcruel numbers?\b|\bstatistic\w*|\bdata (?:shows?|reveals?|compiled)\b"
    r"|\bper ?cent\b|\bsurvey\b|\bannual report\b|\b(?:cases|incidents) (?:were|have been|"
    r"had been) reported\b|\breported cases\b|\bin a day\b|\bdaily\b|\bon average\b"
    r"|\baverage of\b|\bfirst (?:six|half|quarter) months?\b|\bper day\b|\bstud(?:y|ies)\b"
    r"|\bfindings\b|\bfigures\b|\breveals?\b"
)
LEGISLATION = _p(r"\b(?:bill|ordinance|amendment|legislation|assembly|senate|parliament|cabinet)\b")
OPINION_URL = _p(r"/(?:opinion|opinions|editorial|editorials|columns?|letters?|blogs?|op-?ed)/")
OPINION_TEXT = _p(r"\b(?:we|our|us)\b")

# -- an earlier case mentioned as background, or a second story ------------------------------
BACKGROUND = _p(
    r"\bcomes? (?:as|after|amid|weeks? after|days? after)\b|\bin the wake of\b"
    r"|\bfollowing the (?:\w+ ){0,2}(?:rape|murder|killing|abduction)\b|\bnamed after\b"
    r"|\bequated\b|\breminiscent\b|\bthat of\b|\bsimilar (?:incidents?|cases?|crimes?)\b"
    r"|\bsuch (?:incidents?|cases?|crimes?)\b|\blast year\b|\bprevious(?:ly)? (?:year|case)\b"
    r"|\b(?:most )?(?:famous|infamous|notorious|high-profile)\b|\bin (?:19|20)\d{2},"
    r"|\bearlier this (?:month|year)\b|\bother (?:criminal )?cases\b|\bin recent (?:years|months)\b"
)
REFERS_BACK = _p(
    r"\b(?:she|he|her|him|the (?:girl|boy|child|victim|minor|toddler|student|woman|teenager))\b"
)
SPLIT = _p(
    r"^(?:in (?:an)?other (?:incident|case|development)|in a (?:separate|similar|different) "
    r"(?:incident|case)|separately\b|similarly,|another (?:girl|boy|child|minor|woman|"
    r"\w+-year-old)|elsewhere\b)"
)
INDEFINITE_VICTIM = _p(
    r"\b(?:a|an)\s+(?:\w+[- ]){0,4}(?:girl|boy|child|minor|woman|student|daughter|son|teenager)\b"
)

# -- who: victims and perpetrators -----------------------------------------------------------
FEMALE_NOUNS = words(
    "stepdaughter stepdaughters granddaughter granddaughters "
    "girl girls daughter daughters woman women schoolgirl schoolgirls bride sister "
    "sisters niece nieces maid lady ladies wife female females"
)
MALE_NOUNS = words(
    "stepson stepsons grandson grandsons "
    "boy boys son sons schoolboy schoolboys nephew nephews brother brothers male males"
)
NEUTRAL_VICTIM_NOUNS = words(
    "child children minor minors student students toddler toddlers infant infants baby "
    "babies kid kids teenager teenagers teen teens victim victims pupil pupils orphan "
    "orphans seminarian seminarians"
)
VICTIM_NOUNS = (FEMALE_NOUNS | MALE_NOUNS | NEUTRAL_VICTIM_NOUNS) - {
    "sister", "sisters", "brother", "brothers", "wife", "female", "females", "male", "males",
    "lady", "ladies",
}  # fmt: skip
CHILD_WORDS = _p(
    r"\b(?:girl|boy|child|children|minor|minors|toddler|infant|baby|kid|kids|teenage|teenager|"
    r"schoolgirl|schoolboy|student|students|pupil|daughter|son|underage|under-age|juvenile)s?\b"
)
PERPETRATOR_NOUNS = words(
    "man men youth youths suspect suspects accused culprit culprits rapist rapists killer "
    "killers assailant assailants attacker attackers abductor abductors kidnapper "
    "kidnappers perpetrator perpetrators person persons individuals people groom "
    "bridegroom husband robber robbers dacoit dacoits mugger muggers criminal criminals "
    "teacher teachers cleric clerics policeman policemen cops personnel employees driver "
    "drivers"
)
NOUN_GENDER = {n: "female" for n in FEMALE_NOUNS | {"mother", "widow", "housewife"}} | {
    n: "male" for n in MALE_NOUNS
}

# Perpetrator relation words, each to the labelling guide's category (first match wins, longest
# words first where one contains another).
RELATIONS: list[tuple[str, str]] = [
    (r"step-?fathers?|step-?brothers?|step-?mothers?|grand-?fathers?|brothers?-in-law", "family"),
    (
        r"fathers?|uncles?|(?:first )?cousins?|relatives?|in-laws?|brothers?|mothers?|parents?"
        r"|aunts?|real father|biological father|nephews?|family members?|kin",
        "family",
    ),
    (r"neighbou?rs?|neighbou?rhood|next-door", "neighbour"),
    (
        r"seminary teachers?|madrassa teachers?|teachers?|tutors?|lecturers?|professors?"
        r"|instructors?|coach(?:es)?|qaris?|qari sahib|maulvis?"
        r"|maulanas?|clerics?|prayer leaders?|pesh imams?|imams?|principals?|examiners?"
        r"|headmasters?|prayer-leaders?",
        "teacher_or_cleric",
    ),
    (r"employers?|landlords?|landlady|owners? of the house", "employer"),
    (
        r"policem[ae]n|police officials?|police officers?|constables?|cops?|levies|muhafiz"
        r"|ASIs?|SHOs?|sub-inspectors?|head constables?|police personnel",
        "police_or_official",
    ),
    (
        r"acquaintances?|friends?|shopkeepers?|fellow villagers?|known to (?:the|her|his) family"
        r"|family friends?|van drivers?|rickshaw drivers?|drivers?|colleagues?|classmates?"
        r"|co-workers?|man from (?:the same|her|his) (?:village|area)",
        "acquaintance",
    ),
    (r"robbers?|dacoits?|muggers?|street criminals?|strangers?|bandits?", "stranger"),
    (r"unidentified|unknown|unnamed|masked|armed men", "unknown"),
]
RELATION_PATTERNS = [(_p(rf"\b(?:{words})\b"), category) for words, category in RELATIONS]

# -- what the police did ---------------------------------------------------------------------
ARRESTED = _p(
    r"\b(?:arrest(?:ed|s)?|detained(?! (?:her|the girl|the victim))|"
    r"(?:was|were|been|being) held(?=\s*(?:[.,;]|$|for\b|over\b|in connection\b|by\b|on charges\b|"
    r"from\b))|"
    r"held (?:for|over|in connection)|nabbed|apprehended|apprehending|taken into custody|"
    r"rounded up|collected up|remanded|in (?:police |judicial )?custody|(?:was|were|been) caught|"
    r"sent (?:\w+ )?to (?:jail|prison|judicial lock-?up)|judicial remand|physical remand|"
    r"took (?:\w+ ){0,3}into custody)\b"
)
ARREST_NOT_DONE = _p(
    r"\b(?:to|for|demand\w*|early|order\w*|seek\w*|sought|will|would|soon|yet|not|never|failed|"
    r"unable|warrants?|efforts?|raids?|conducting|vowed|promised|awaiting|sought|no|could|"
    r"before|until|till)\b"
    r"(?:\s+\w+){0,3}\s*$"
)
FIR = _p(
    r"\bFIRs?\b|\bfirst information reports?\b|\b(?:case|cases|complaint) (?:\w+ ){0,6}?"
    r"(?:was |were |has been |had been |have been )?(?:registered|lodged|filed)\b"
    r"|\bregister(?:ed)? (?:a |the )?(?:case|cases|FIR)\b|\bbooked\b|\blaunched a case\b"
    r"|\bcomplainant\b|\bchallan\b|\bconvicted\b|\bsentenced\b"
)
FIR_NOT_DONE = _p(
    r"\b(?:refus\w*|did not|didn't|had not|hadn't|has not|have not|not yet|yet to|failed to|"
    r"reluctant|delay\w*|no)\b(?:\s+\w+){0,4}\s*$"
)
REFUSED = _p(
    r"\brefus\w* to (?:register|lodge|file|record)|\b(?:not|yet to be|failed to be|never) "
    r"(?:been )?(?:registered|lodged)\b|\bdid not register\b|\bdelay\w* (?:in )?(?:register|"
    r"lodging)\w*|\breluctant to register\b|\bwithout registering\b"
)
NOT_REPORTED = _p(
    r"\bpanchayat\b|\bjirga\b|\bnever (?:reported|approached) (?:to )?the police\b"
    r"|\bdid not (?:report|approach|inform) (?:it to )?the police\b|\bsettled (?:the matter )?"
    r"out of court\b|\bwithout informing the police\b"
)

# -- places ----------------------------------------------------------------------------------
FOREIGN = _p(
    r"\bPOCSO\b|\bIPC\b|\bIndian Penal Code\b|\bBNS\b|\bBharatiya\b|\bchargesheet\b|\bcrore\b"
    r"|\blakh\b|\bIST\b|\bUttar Pradesh\b|\bBihar\b|\bHaryana\b|\bRajasthan\b|\bMadhya Pradesh\b"
    r"|\bMaharashtra\b|\bGujarat\b|\bKerala\b|\bTamil Nadu\b|\bKarnataka\b|\bTelangana\b"
    r"|\bAndhra\b|\bOdisha\b|\bJharkhand\b|\bWest Bengal\b|\bAssam\b|\bUttarakhand\b"
    r"|\bHimachal\b|\bDelhi\b|\bMumbai\b|\bKolkata\b|\bChennai\b|\bBengaluru\b|\bPatna\b"
    r"|\bLucknow\b|\bChandigarh\b|\bLudhiana\b|\bAmritsar\b|\bJalandhar\b|\bBathinda\b"
    r"|\bMoga\b|\bNoida\b|\bGurugram\b|\bJaipur\b|\bBhopal\b|\bIndore\b|\bBangladesh(?:i)?\b|\bDhaka\b"
    r"|\bNepal\b|\bSri Lanka\b|\bIndia(?:'s|n)?\b|\bsarpanch\b|\bThana\b",
    CASED,
)
PAKISTAN = _p(
    r"\bPakistan(?:'s|i|is)?\b|\bPPC\b|\bPakistan Penal Code\b|\bSindh\b|\bBalochistan\b"
    r"|\bKhyber Pakhtunkhwa\b|\bKP\b|\bKPK\b|\bGilgit\b|\bAzad (?:Jammu and )?Kashmir\b|\bAJK\b"
    r"|\bIslamabad\b|\bLahore\b|\bKarachi\b|\bPeshawar\b|\bQuetta\b|\bRawalpindi\b|\bDawn\b"
    r"|\bRs\.? ?\d",
    CASED,
)
