"""Facilities, places and institutions: vocabulary names found in text, then read in their sentence.

The lexicon finds every name; this module decides what each one is:
- A name that is both a camp and its county ("Yodok", "Hoeryong") is the camp when its sentence speaks of a
  camp of that type (camp, kwalliso, 관리소, 수용소) and the place otherwise.
- A number names a facility only with its type: "Camp 12" / "12호 관리소" is kwalliso-12, "Kyohwaso No. 12" /
  "12호 교화소" is kyohwaso-12, and a bare "No. 12" takes the type its sentence speaks of.
- A facility type with no name ("a holding centre in Hyesan") is an unnamed facility of that type, placed in
  the nearest place of its sentence, unless the sentence names a facility of that type (apposition:
  "Yodok, a political prison camp").
- An institution named inside a facility's name ("Onsong bowibu detention centre") is reported too: the
  text names the perpetrator institution.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from girok.extract.korean import Token
from girok.extract.lexicon import Hit, Lexicon, lexicon
from girok.extract.mentions import FacilityMention, InstitutionMention, PlaceMention
from girok.extract.sentences import Sentence, containing
from girok.schema.vocabulary import PROVINCE_KINDS, load_vocabularies

#: Words that make a sentence speak of a facility of a type: they decide "Yodok" (camp or county) and "No. 12".
_TYPE_CUES = {
    "kwalliso": re.compile(
        # "camp", but not the camp of another type ("labour training camp", "re-education camp")
        r"(?<!training )(?<!education )(?<!holding )(?<!labour )(?<!labor )camp|kwall?iso|kwan-?li-?so|gwalliso|"
        r"political prison|관리소|수용소|정치범",
        re.IGNORECASE,
    ),
    "kyohwaso": re.compile(r"prison|kyohwaso|gyohwaso|penitentiary|교화소|교도소", re.IGNORECASE),
}
#: A detention verb governing the name ("sent to Yodok", 요덕으로 끌려갔다): the name is the camp's.
_NEAR = 30
#: "Camp 12 in Onsong", "Kyohwaso No. 12 near Hoeryong": a name right after a numbered facility locates it.
_LOCATES = re.compile(
    r"(?:camp|kwall?iso|kwan-?li-?so|prison|kyohwaso|관리소|교화소)\s*(?:no\.?\s*)?\d{1,2}\s*,?\s*(?:in|at|near|of)\s+$",
    re.IGNORECASE,
)
_HELD_BEFORE = re.compile(
    r"(?:came\s+out|went|go|gone|drove|driven|brought|sent|taken|deported|transferred|dragged|imprisoned|interned|detained|held|released|freed|"
    r"survived|inmates?|prisoners?|survivors?)\s+(?:\w+\s+){0,2}(?:to|in|at|from|of)\s+"
    r"(?:the\s+)?$",
    re.IGNORECASE,
)
_HELD_AFTER = re.compile(
    r"^\S{0,4}\s?(?:\S+\s)?(?:수감|수용|끌려|보내|갇|석방|출소|이송|잡혀|들어가|나오|나와|살았|실려|갔)"
)
#: Words that make a notorious camp's name ("Yodok") the county after all: "born in Yodok", 요덕 고향.
_PLACE_CUES = re.compile(
    r"\b(?:born|native|hometown|county|district|province|city|town|grew up)\b|고향|출신|태어", re.IGNORECASE
)
_NUMBERED = re.compile(
    r"(?P<kw>\b(?:political\s+prison\s+camp|prison\s+camp|camp|kwall?iso|kwan-?li-?so|gwalliso)\s*(?:no\.?|number|#)?\s*)"
    r"(?P<kn>\d{1,2})\b"
    r"|(?P<pw>\b(?:kyohwaso|gyohwaso|kyo-hwa-so|re-?education\s+(?:camp|prison)|prison)\s*(?:no\.?|number|#)\s*)"
    r"(?P<pn>\d{1,2})\b"
    r"|(?:\bNo\.?\s*|제\s*)(?P<bn>\d{1,2})(?:\s*호)?(?!\d)"
    r"|(?<!\d)(?P<hn>\d{1,2})\s*호(?=\s*(?P<ht>관리소|교화소)?)",
    re.IGNORECASE,
)


@dataclass
class Found:
    facilities: list[FacilityMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    institutions: list[InstitutionMention] = field(default_factory=list)


@dataclass(frozen=True)
class _Facts:
    """What the packaged gazetteer says about each facility and place id."""

    kind: dict[str, str]
    facility_type: dict[str, str]
    province: dict[str, str | None]
    #: (place id, facility type) -> the gazetteer facilities of that type there, with who runs each
    #: ("Nongpo 집결소"; "Onsong MSS det. ctr." picks the MSS one of Onsong's two).
    at_place: dict[tuple[str, str], list[tuple[str, frozenset[str]]]]
    #: Facilities whose bare name in testimony usually means the camp ("Yodok"): gazetteer search_priority.
    notorious: frozenset[str]


@lru_cache(maxsize=1)
def _facts() -> _Facts:
    gazetteer = load_vocabularies().get("gazetteer")
    kind: dict[str, str] = {}
    facility_type: dict[str, str] = {}
    province: dict[str, str | None] = {}
    for entry in gazetteer:
        entry_kind = str(entry.data.get("kind", ""))
        kind[entry.id] = entry_kind
        if entry_kind == "facility":
            facility_type[entry.id] = str(entry.data.get("type"))
        if entry_kind in PROVINCE_KINDS:
            province[entry.id] = entry.id
        else:
            value = entry.data.get("province")
            province[entry.id] = str(value) if value else None
    at_place: dict[tuple[str, str], list[tuple[str, frozenset[str]]]] = {}
    for entry in gazetteer:
        if entry.data.get("kind") == "facility" and entry.data.get("place"):
            runners = entry.data.get("run_by")
            listed = runners if isinstance(runners, tuple | list) else ()
            run_by = frozenset(str(r["value"]) for r in listed if isinstance(r, Mapping) and r.get("value"))
            at_place.setdefault((str(entry.data["place"]), facility_type[entry.id]), []).append((entry.id, run_by))
    notorious = frozenset(entry.id for entry in gazetteer if entry.data.get("search_priority"))
    return _Facts(kind, facility_type, province, at_place, notorious)


@lru_cache(maxsize=1)
def _institution_lexicon() -> Lexicon:
    vocabulary = load_vocabularies().get("institutions")
    return Lexicon(("institutions", entry) for entry in vocabulary)


def find(text: str, sentences: list[Sentence], tokens: Sequence[Token] = ()) -> Found:
    facts = _facts()
    found = Found()
    typed: list[tuple[Hit, str]] = []
    claimed = _Claimed()
    for hit in lexicon().scan(text, tokens):
        facility_ids = [t.id for t in hit.targets if t.vocabulary == "gazetteer" and facts.kind[t.id] == "facility"]
        place_ids = [t.id for t in hit.targets if t.vocabulary == "gazetteer" and facts.kind[t.id] != "facility"]
        type_ids = [t.id for t in hit.targets if t.vocabulary == "facility_types"]
        institution_ids = list(dict.fromkeys(t.id for t in hit.targets if t.vocabulary == "institutions"))
        quote = text[hit.start : hit.end]
        if facility_ids and _reads_as_facility(text, sentences, hit, facility_ids[0], bool(place_ids), facts):
            facility = facility_ids[0]
            found.facilities.append(FacilityMention(hit.start, hit.end, quote, facility, facts.facility_type[facility]))
            claimed.add(hit.start, hit.end)
            _institutions_inside(text, hit, found)
        elif place_ids:
            place = place_ids[0]
            found.places.append(PlaceMention(hit.start, hit.end, quote, place, facts.province[place]))
        elif type_ids:
            typed.append((hit, type_ids[0]))
        for institution in institution_ids:
            found.institutions.append(InstitutionMention(hit.start, hit.end, quote, institution))
    _numbered(text, sentences, facts, found, claimed)
    _unnamed(text, sentences, typed, found, claimed)
    found.facilities.sort(key=lambda m: m.start)
    found.institutions.sort(key=lambda m: m.start)
    return found


def _reads_as_facility(
    text: str, sentences: list[Sentence], hit: Hit, facility: str, also_a_place: bool, facts: _Facts
) -> bool:
    """Whether a facility's name is the facility here; a name that is also a place's ("Yodok") must earn it."""
    if also_a_place and _LOCATES.search(text, max(0, hit.start - 40), hit.start):
        return False  # "Camp 12 in Onsong": the name locates a facility named before it
    if not also_a_place:
        return True
    sentence = containing(sentences, hit.start) or Sentence(0, len(text))
    return (
        _speaks_of_camp(text, max(hit.start, sentence.start), min(hit.end, sentence.end), facility, facts)
        or _held_there(text, hit.start, hit.end)
        or _notorious(text, hit.start, hit.end, facility, facts)
    )


def _sentence_text(text: str, sentences: list[Sentence], offset: int) -> str:
    sentence = containing(sentences, offset)
    return text[sentence.start : sentence.end] if sentence else text


def _speaks_of_camp(text: str, start: int, end: int, facility: str, facts: _Facts) -> bool:
    """Whether a camp word of the facility's type stands near the name ("the camp at Yodok", 요덕 수용소)."""
    cue = _TYPE_CUES.get(facts.facility_type[facility])
    return bool(cue and cue.search(text, max(0, start - _NEAR), min(len(text), end + _NEAR)))


def _notorious(text: str, start: int, end: int, facility: str, facts: _Facts) -> bool:
    """A camp whose bare name usually means the camp ("Yodok"), unless the text speaks of a home or county."""
    return facility in facts.notorious and not _PLACE_CUES.search(text, max(0, start - 40), min(len(text), end + 30))


def _held_there(text: str, start: int, end: int) -> bool:
    return bool(_HELD_BEFORE.search(text[max(0, start - 40) : start]) or _HELD_AFTER.search(text[end : end + 16]))


def _institutions_inside(text: str, hit: Hit, found: Found) -> None:
    inner = text[hit.start : hit.end]
    for sub in _institution_lexicon().scan(inner):
        for target in dict.fromkeys(t.id for t in sub.targets):
            found.institutions.append(
                InstitutionMention(hit.start + sub.start, hit.start + sub.end, inner[sub.start : sub.end], target)
            )


class _Claimed:
    """Spans already taken by a facility, kept sorted so overlap checks are a binary search.

    Claimed spans never overlap each other, so only the neighbours of a new span can overlap it.
    """

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def add(self, start: int, end: int) -> None:
        bisect.insort(self.spans, (start, end))

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self.spans, (start, end))
        return any(
            other_start < end and start < other_end for other_start, other_end in self.spans[max(0, at - 1) : at + 1]
        )


def _numbered(text: str, sentences: list[Sentence], facts: _Facts, found: Found, claimed: _Claimed) -> None:
    """Facilities named by number and type ("Camp 12", "12호 교화소", "No. 12" in a sentence about a prison)."""
    for match in _NUMBERED.finditer(text):
        if claimed.overlaps(match.start(), match.end()):
            continue
        if match.group("kn"):
            kind, number = "kwalliso", match.group("kn")
        elif match.group("pn"):
            kind, number = "kyohwaso", match.group("pn")
        else:
            number = match.group("bn") or match.group("hn")
            after = text[match.end() : match.end() + 6].lstrip()
            kind = "kwalliso" if after.startswith("관리소") else "kyohwaso" if after.startswith("교화소") else ""
            if not kind:
                sentence_text = _sentence_text(text, sentences, match.start())
                cues = [k for k, cue in _TYPE_CUES.items() if cue.search(sentence_text)]
                if len(cues) != 1:
                    continue  # no type, or both: the number alone does not say which facility
                kind = cues[0]
        facility = f"{kind}-{int(number)}"
        end = match.end()
        for word in ("관리소", "교화소"):
            rest = text[end:]
            stripped = rest.lstrip()
            if stripped.startswith(word) and len(rest) - len(stripped) <= 1:
                end += len(rest) - len(stripped) + len(word)
        start = match.start()
        if facts.kind.get(facility) != "facility":
            found.facilities.append(FacilityMention(start, end, text[start:end], None, kind))
        else:
            found.facilities.append(FacilityMention(start, end, text[start:end], facility, kind))
        claimed.add(start, end)


_ADJACENT = 24


def _facility_at(
    text: str, place: PlaceMention, hit: Hit, facility_type: str, found: Found, facts: _Facts
) -> str | None:
    """The gazetteer facility a place and a type word name together: "Nongpo 집결소", "Musan MSS det. ctr."."""
    candidates = facts.at_place.get((place.id, facility_type), [])
    between = [i for i in found.institutions if place.end <= i.start and i.end <= hit.start]
    rest = text[place.end : hit.start]
    for institution in between:
        rest = rest.replace(institution.quote, "")
    if rest.strip(" '’s") or not candidates:
        return None  # something else stands between the place and the type word
    if between:
        runners = {institution.id for institution in between}
        candidates = [c for c in candidates if c[1] & runners]
    return candidates[0][0] if len(candidates) == 1 else None


def _unnamed(
    text: str, sentences: list[Sentence], typed: list[tuple[Hit, str]], found: Found, claimed: _Claimed
) -> None:
    """Facility types with no name: an unnamed facility, placed where its sentence says."""
    facts = _facts()
    starts = [sentence.start for sentence in sentences]
    named = sorted((f for f in found.facilities if f.id), key=lambda f: f.start)
    named_starts = [f.start for f in named]
    place_starts = [p.start for p in found.places]  # found in text order
    for hit, facility_type in typed:
        if claimed.overlaps(hit.start, hit.end):
            continue
        sentence = containing(sentences, hit.start)
        low, high = (sentence.start, sentence.end) if sentence else (0, len(text))
        places = found.places[bisect.bisect_left(place_starts, low) : bisect.bisect_left(place_starts, high)]
        before = [p for p in places if p.end <= hit.start and hit.start - p.end <= _ADJACENT]
        named_here = _facility_at(text, before[-1], hit, facility_type, found, facts) if before else None
        if named_here:  # "Nongpo 집결소", "Tanchon re-education camp": the place and the type name the facility
            place_mention = before[-1]
            found.places.remove(place_mention)
            place_starts.remove(place_mention.start)
            quote = text[place_mention.start : hit.end]
            found.facilities.append(FacilityMention(place_mention.start, hit.end, quote, named_here, facility_type))
            continue
        # The two sentences before too: "...sent to Chongori. In the prison (교화소에서는)..." is the same one.
        # A plural ("political prison camps") speaks of the kind, not of a named one.
        at = bisect.bisect_right(starts, low) - 1
        earlier = starts[max(0, at - 2)] if starts else low
        plural = text[hit.end - 1 : hit.end] in ("s", "S") or text[hit.end : hit.end + 1] == "들"
        nearby = (
            [] if plural else named[bisect.bisect_left(named_starts, earlier) : bisect.bisect_left(named_starts, high)]
        )
        if any(facts.facility_type.get(f.id or "") == facility_type for f in nearby):
            continue  # "Yodok, a political prison camp" or "the camp" later on: the type refers to the named one
        place = min(places, key=lambda p: abs(p.start - hit.start)).id if places else None
        quote = text[hit.start : hit.end]
        found.facilities.append(FacilityMention(hit.start, hit.end, quote, None, facility_type, place))
