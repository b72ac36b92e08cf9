"""What one sentence says, in a form that does not depend on its language.

The English and Urdu readers (``read_en.py``, ``read_ur.py``) fill these; the incident logic
(``incidents.py``, ``fields.py``) reads only these.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nigraan.media.extract.article import Sentence
from nigraan.media.extract.calendar import DateMention

# Cue names a reader may set on a sentence.
RAPE, GANG, SODOMY, ATTEMPT, SEXUAL_ASSAULT = "rape", "gang", "sodomy", "attempt", "sexual_assault"
HARASSMENT, PORNOGRAPHY, BLACKMAIL, RING = "harassment", "pornography", "blackmail", "ring"
ABDUCTION, CHILD_MARRIAGE, MURDER = "abduction", "child_marriage", "murder"
CHILD, STATISTICS, BACKGROUND, SPLIT = "child", "statistics", "background", "split"
LEGISLATION, FOREIGN, PAKISTAN = "legislation", "foreign", "pakistan"
REFERS_BACK = "refers_back"  # "she", "the girl": a victim named in an earlier sentence
SEXUAL_CUES = frozenset({RAPE, GANG, SODOMY, ATTEMPT, SEXUAL_ASSAULT})
ARRESTED, FIR, REFUSED, NOT_REPORTED = (
    "arrested",
    "fir_registered",
    "refused_or_delayed",
    ("none_reported"),
)


@dataclass(frozen=True)
class VictimRef:
    start: int
    count: int | None  # the stated number; 1 for a singular noun; None for a bare plural
    plural: bool
    gender: str  # female, male, unknown
    age: int | None
    age_range: bool  # "14-15-year-old": an age was given as a range
    child: bool
    teen: bool
    indefinite: bool  # "a girl": a new person enters the story
    core: bool  # the object of the offence ("raped a girl", "a girl was abducted")


@dataclass(frozen=True)
class PerpRef:
    start: int
    count: int | None
    plural: bool
    relation: str | None
    clause: str  # offence (did it), accused (charged, case against), arrest, mention
    on_suspicion: bool
    definite: bool = False  # "the accused teachers": refers back to people already counted


@dataclass
class SentenceFacts:
    sentence: Sentence
    cues: set[str] = field(default_factory=set)
    victims: list[VictimRef] = field(default_factory=list)
    perps: list[PerpRef] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)  # stated outright in the sentence
    perp_counts: list[int] = field(default_factory=list)  # stated outright in the sentence
    police: set[str] = field(default_factory=set)
    dates: list[DateMention] = field(default_factory=list)
    sections: set[str] = field(default_factory=set)  # PPC sections, e.g. "376", "377B"
    names: set[str] = field(default_factory=set)  # capitalised words (people, places)

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def sexual(self) -> bool:
        return bool(self.cues & SEXUAL_CUES)

    def relevant_cue(self) -> bool:
        """A cue for an offence the press monitor counts."""
        if self.sexual or HARASSMENT in self.cues:
            return True
        if PORNOGRAPHY in self.cues and BLACKMAIL in self.cues:
            return True
        child = CHILD in self.cues or any(v.child for v in self.victims)
        return bool(self.cues & {ABDUCTION, CHILD_MARRIAGE}) and child
