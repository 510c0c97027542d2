"""Violations: what a sentence says happened, read with negation and hypotheticals.

Cues are data (data/violation_cues.yaml): English regular expressions over the sentence and Korean ones over
its Kiwi morphemes, so inflected forms (맞았습니다, 끌려갔고, 처형되었다) read as their lemma. A cue counts
only when its clause is not negated ("was never beaten", 맞지 않았다, 맞은 적이 없다) and not hypothetical,
feared or threatened ("if we had been caught we could have been executed", 잡혔다면 처형될 수도 있었다);
those are dropped, not reported with low confidence, because a reviewer who accepts by habit must not create
a violation that the witness denied. Some types need their sentence to name a facility (a detention verb is
political imprisonment only about a kwalliso).

Questions of an interviewer, headings, and hearsay the source itself doubts assert nothing and are skipped.
After the cues, the trained classifier (classifier.py) may add types they missed in sentences without any
doubt word, at a lower confidence.

Each violation is pinned to its sentence: the passage a citation quotes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from girok.extract.classifier import CONFIDENCE_CAP, Model
from girok.extract.entities import Found
from girok.extract.folding import is_hangul
from girok.extract.korean import Token
from girok.extract.mentions import DateMention, ViolationMention
from girok.extract.sentences import Sentence

#: Types whose cue is itself a negation ("no medical care", 재판도 없이): never dropped as negated.
_NEGATIVE_BY_NATURE = frozenset(
    {
        "denial-of-medical-care",
        "unfair-trial",
        "statelessness",
        "starvation",
        "enforced-disappearance",
        "inhumane-conditions",
    }
)

_EN_NEGATION = re.compile(r"\b(?:not|never|no|nobody|none|neither|nor|n't|den(?:y|ies|ied))\b|n't\b", re.IGNORECASE)
#: Hearsay the source itself doubts, and fears: nothing in the sentence is asserted as having happened.
_UNCONFIRMED = re.compile(
    r"\b(?:rumou?rs?|unconfirmed|could not be confirmed|not been confirmed|nobody has (?:ever )?confirmed|"
    r"(?:fear|fears|feared) (?:that )?(?:he|she|they|it) (?:may|might|would)|doubted|unreliable|"
    r"(?:at )?(?:second|third)[ -]hand|hearsay|(?:did not|didn't|do not|don't|does not|doesn't)(?: really)? believe|"
    r"made up|not sure (?:if|whether|it)|doubts? (?:the|that|it)|just talk|terrified that)\b"
    r"|소문|우려|두려|확인되지 않|확인된 바 없|직접 본 사람은 없|사실은 없|사실이 없|거짓말|근거를 찾지 못|고들 하는데",
    re.IGNORECASE,
)
_EN_HYPOTHETICAL = re.compile(
    r"\b(?:if|could have|would have|might have|could be|would be|might be|may be|feared|fear|afraid|"
    r"threat(?:en|ened|s)?|risk(?:ed)?|worried|unless|in case|otherwise|escaped before|almost|nearly)\b",
    re.IGNORECASE,
)
_EN_NO_AFTER = re.compile(r"\W{0,3}no\b", re.IGNORECASE)
_EN_CLAUSE = re.compile(r"[,;:]|\b(?:but|and|while|whereas|although|though|however)\b", re.IGNORECASE)
_ASCII_BOUNDARY = r"(?:(?<![A-Za-z0-9])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?![A-Za-z0-9]))"
_CONFIDENCE = 0.8
_CONFIDENCE_CORROBORATED = 0.9


@dataclass(frozen=True)
class Cue:
    type: str
    pattern: re.Pattern[str]
    korean: bool
    needs: frozenset[str]
    #: The facility may be named in one of the two sentences before ("He was taken to Yodok. ... died there").
    near: bool = False
    #: The cue does not count in a sentence this matches (an arrest by the Chinese police is not the DPRK's).
    unless: re.Pattern[str] | None = None
    #: The cue counts only in a sentence this matches too (a Bible is persecution once someone is punished).
    with_: re.Pattern[str] | None = None
    #: Korean patterns that veto a cue match they overlap (총탄을 맞다: shot, not beaten).
    vetoes: re.Pattern[str] | None = None
    #: An English cue for sentences with Hangul, where word boundaries must be ASCII ones.
    mixed: re.Pattern[str] | None = None
    #: The cue is itself a negation (잠을 안 재우다: sleep deprivation), so negation does not drop it.
    negative: bool = False


@lru_cache(maxsize=1)
def cues() -> tuple[Cue, ...]:
    """One cue per type and language: its patterns joined, so a sentence is searched once per type."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("girok.extract").joinpath("data/violation_cues.yaml").read_text("utf-8")
    )
    out: list[Cue] = []
    for item in raw["cues"]:
        needs = frozenset(item.get("needs", ()))
        near = bool(item.get("near", False))
        unless = re.compile(item["unless"]) if item.get("unless") else None
        with_ = re.compile(item["with"]) if item.get("with") else None
        vetoes = re.compile("|".join(f"(?:{v})" for v in item["except"])) if item.get("except") else None
        negative = bool(item.get("negative", False)) or item["type"] in _NEGATIVE_BY_NATURE
        english = [f"(?:{pattern})" for pattern in item.get("en", ())]
        # \b sees no boundary between "torture" and 를 in mixed text (Hangul is a word character), so for a
        # sentence with Hangul an English cue's boundaries are ASCII ones (7 times slower: only there).
        mixed = [f"(?:{pattern.replace(chr(92) + 'b', _ASCII_BOUNDARY)})" for pattern in item.get("en", ())]
        # Kiwi tags a noun NNG or NNP by context (북송/NNP in 강제북송되었다): a noun cue takes either.
        korean = [f"(?:{pattern.replace('/NNG', '/NN[GP]')})" for pattern in item.get("ko", ())]
        if english:
            pattern = re.compile("|".join(english), re.IGNORECASE)
            in_mixed = re.compile("|".join(mixed), re.IGNORECASE)
            out.append(Cue(item["type"], pattern, False, needs, near, unless, with_, mixed=in_mixed, negative=negative))
        if korean:
            pattern = re.compile("|".join(korean))
            out.append(Cue(item["type"], pattern, True, needs, near, unless, with_, vetoes, negative=negative))
    return tuple(out)


@dataclass(frozen=True)
class _Morphemes:
    """A sentence's morphemes as one line of "lemma/TAG" words, and where each word starts in that line."""

    tokens: Sequence[Token]
    line: str
    offsets: list[int]

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> _Morphemes:
        words = [f"{tok.lemma.lower()}/{tok.tag}" for tok in tokens]
        offsets: list[int] = []
        position = 0
        for word in words:
            offsets.append(position)
            position += len(word) + 1
        return cls(tokens, " ".join(words), offsets)

    def matches_by_token(self, pattern: re.Pattern[str]) -> list[tuple[int, re.Match[str]]]:
        """Matches that start at a morpheme (보내다 is not in 돌려보내다), tried only there: a line is about
        eight characters a morpheme, so this is far cheaper than scanning every character."""
        found = []
        for index, offset in enumerate(self.offsets):
            match = pattern.match(self.line, offset)
            if match is not None:
                found.append((index, match))
        return found

    def matches(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        return [match.span() for _, match in self.matches_by_token(pattern)]


class _BySentence:
    """The mentions of each sentence, found by binary search (sentences and mentions are sorted by start)."""

    def __init__(self, mentions: Sequence[Any]) -> None:
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.mentions]

    def within(self, sentence: Sentence) -> list[Any]:
        low = bisect.bisect_left(self.starts, sentence.start)
        high = bisect.bisect_left(self.starts, sentence.end)
        return self.mentions[low:high]


def find_violations(
    text: str,
    sentences: Sequence[Sentence],
    tokens: Sequence[Token],
    found: Found,
    dates: Sequence[DateMention],
    model: Model | None = None,
) -> list[ViolationMention]:
    """Violations sentence by sentence: the cues, and the types the trained ``model`` adds (if given)."""
    token_starts = [tok.start for tok in tokens]
    facilities, places = _BySentence(found.facilities), _BySentence(found.places)
    institutions, on_dates = _BySentence(found.institutions), _BySentence(dates)
    out: list[ViolationMention] = []
    recent: list[set[str]] = []
    for sentence in sentences:
        low = bisect.bisect_left(token_starts, sentence.start)
        high = bisect.bisect_left(token_starts, sentence.end)
        local = Found(facilities.within(sentence), places.within(sentence), institutions.within(sentence))
        present = _facility_types(local)
        near = present.union(*recent[-3:])
        recent.append(present)
        if _asserts_nothing(text[sentence.start : sentence.end]):
            continue
        found_here = _in_sentence(text, sentence, tokens[low:high], local, on_dates.within(sentence), present, near)
        out.extend(found_here)
        if model is not None:
            out.extend(
                _from_model(model, text, sentence, tokens[low:high], found_here, local, on_dates.within(sentence))
            )
    return out


def _asserts_nothing(body: str) -> bool:
    """A question, a heading or doubted hearsay: no violation is read from it, by cues or model."""
    return bool(_QUESTION.search(body) or _HEADING.match(body) or _UNCONFIRMED.search(body))


#: A heading ("Forced abortion", "공개처형과 강제실종") names a topic: a short line with no sentence ending.
_HEADING = re.compile(r"^[^.!?。\n]{1,60}$")
#: An interviewer's question ("Q: Were you beaten?", "문: 맞으셨습니까?") asserts nothing.
_QUESTION = re.compile(r"^\s*(?:Q|Question|Interviewer|문|질문)\s*[:.)]|[?？]\s*$", re.IGNORECASE)


def _from_model(
    model: Model,
    text: str,
    sentence: Sentence,
    tokens: Sequence[Token],
    from_cues: Sequence[ViolationMention],
    found: Found,
    dates: Sequence[DateMention],
) -> list[ViolationMention]:
    """The types the classifier is confident of that the cues did not read, with its capped probability."""
    body = text[sentence.start : sentence.end]
    known = {mention.type for mention in from_cues}
    context = _context(found, dates)
    return [
        ViolationMention(sentence.start, sentence.end, body, type_, round(min(p, CONFIDENCE_CAP), 2), context)
        for type_, p in sorted(model.confident(body, tokens).items())
        if type_ not in known
    ]


def _facility_types(found: Found) -> set[str]:
    """The facility types a sentence names (every facility mention carries its type), and "institution"."""
    types = {facility.type for facility in found.facilities if facility.type}
    if any(institution.id != "china-public-security" for institution in found.institutions):
        types.add("institution")  # a North Korean one: the Chinese police's arrests are not the DPRK's detention
    return types


def _in_sentence(
    text: str,
    sentence: Sentence,
    tokens: Sequence[Token],
    found: Found,
    dates: Sequence[DateMention],
    present: set[str],
    near: set[str],
) -> list[ViolationMention]:
    body = text[sentence.start : sentence.end]
    hangul = any(is_hangul(c) for c in body)
    latin = any("a" <= c.lower() <= "z" for c in body)
    # Hangul morphemes and, in mixed text, Latin words (arrest/SL 되다/XSV) so Korean cues can read both.
    morphemes = _Morphemes.of([t for t in tokens if is_hangul(t.form[:1]) or t.tag == "SL"]) if hangul else None
    hits: dict[str, int] = {}
    for cue in cues():
        if cue.needs and not (cue.needs & (near if cue.near else present)):
            continue
        if cue.unless is not None and cue.unless.search(body):
            continue
        if cue.with_ is not None and not cue.with_.search(body):
            continue
        if cue.korean:
            if morphemes is None:
                continue
            vetoed = morphemes.matches(cue.vetoes) if cue.vetoes else []
            for index, match in morphemes.matches_by_token(cue.pattern):
                if any(low < match.end() and match.start() < high for low, high in vetoed):
                    continue
                if cue.negative or not _ko_denied(morphemes.tokens, index):
                    hits[cue.type] = hits.get(cue.type, 0) + 1
        elif latin:
            english = cue.mixed if hangul and cue.mixed is not None else cue.pattern
            for match in english.finditer(body):
                if cue.negative or not _en_denied(body, match.start(), match.end()):
                    hits[cue.type] = hits.get(cue.type, 0) + 1
    context = _context(found, dates)
    quote = body
    return [
        ViolationMention(
            sentence.start,
            sentence.end,
            quote,
            type_,
            _CONFIDENCE_CORROBORATED if count > 1 else _CONFIDENCE,
            context,
        )
        for type_, count in hits.items()
    ]


def _en_denied(body: str, at: int, end: int | None = None) -> bool:
    """Whether the clause before an English cue negates it or makes it hypothetical ("beaten, no": after it)."""
    if end is not None and _EN_NO_AFTER.match(body, end):
        return True
    before = body[:at]
    if _EN_HYPOTHETICAL.search(before):
        return True
    clause_start = 0
    for match in _EN_CLAUSE.finditer(before):
        clause_start = match.end()
    clause = before[clause_start:]
    return bool(_EN_NEGATION.search(clause[-40:]))


_KO_PREDICATE = ("VV", "VA", "VX", "XSV", "XSA", "VCP", "VCN")
_KO_NEGATORS = frozenset({"않다", "못하다", "없다", "아니다"})
#: Counterfactual conditionals (잡혔다면, 잡혔더라면): what follows did not happen. Plain -면 ("when, whenever")
#: is not one: 작업 과제를 채우지 못하면 밥을 주지 않았다 reports what was done.
_KO_COUNTERFACTUAL = ("다면", "더라면", "었으면", "았으면")
_KO_THREAT = frozenset({"위협", "협박", "뻔", "겁"})
_KO_QUOTATIVE = ("라고", "다고", "라구", "다구", "라는", "다는", "라며", "다며")


def _ko_denied(tokens: Sequence[Token], index: int) -> bool:
    """Whether a Korean cue is negated, counterfactual, possible only, feared or threatened.

    Negation attaches to the cue's predicate: the cue itself when it is a verb, else the first verb after it
    (구타를 당하지 않았다: 당하다). Negated are 안/못 before the predicate, -지 않다/못하다 after it, and
    -ㄴ 적(이) 없다 (never did).
    """
    predicate = index
    for position in range(index, min(len(tokens), index + 4)):
        if tokens[position].tag.split("-")[0] in _KO_PREDICATE:
            predicate = position
            break
    following = tokens[predicate + 1 : predicate + 7]
    conditional = any(t.tag == "EC" and t.form.endswith("면") for t in following[:3])
    if any(t.tag == "EC" and t.form.endswith(_KO_COUNTERFACTUAL) for t in following[:3]):
        return True  # 잡혔다면 ("had they caught us"): it did not happen
    for tok in tokens[max(0, predicate - 2) : predicate]:
        if tok.tag == "MAG" and tok.form in ("안", "못") and not conditional:
            return True  # 못 하면 ("if they could not..."): a condition, not a denial
    for position, tok in enumerate(following):
        if tok.tag == "EC" and tok.form.startswith("지") and position + 1 < len(following):
            after = following[position + 1 : position + 4]
            negator = next((k for k, t in enumerate(after) if t.lemma in _KO_NEGATORS), None)
            # "채우지 못하면" (if they did not fulfil...): a negated condition, not a denial of the act.
            if negator is not None and not any(t.tag == "EC" and t.form.endswith("면") for t in after[negator:]):
                return True
        if (
            tok.form in ("적", "일")
            and tok.tag.startswith("NN")
            and any(t.lemma == "없다" for t in following[position + 1 : position + 4])
        ):
            return True
        if tok.form == "수" and tok.tag == "NNB":
            return True  # -ㄹ 수 있다: could have
        if tok.form == "것" and tok.tag == "NNB" and position > 0 and following[position - 1].form in ("ᆯ", "을"):
            return True  # -ㄹ 것이다: would (conjecture)
        if tok.tag == "EC" and tok.form.endswith(("ᆯ까", "을까")):
            return True  # -ㄹ까 봐: for fear that
        if tok.lemma in _KO_THREAT or tok.form in _KO_THREAT:
            return True
        if tok.tag in ("EF", "SF"):
            break
    if any(tok.tag == "EC" and tok.form.endswith(_KO_COUNTERFACTUAL) for tok in tokens[:index]):
        return True
    # "잡히면 총살이라고 했다": a rule someone stated (a condition, then a quotation), not what happened.
    condition = any(
        tok.tag == "EC" and tok.form.endswith("면") and not tok.form.endswith("면서") for tok in tokens[:index]
    )
    after = tokens[index + 1 : index + 8]
    return condition and any(tok.tag == "JKQ" or tok.form.lstrip("이").startswith(_KO_QUOTATIVE) for tok in after)


def _context(found: Found, dates: Sequence[DateMention]) -> dict[str, str]:
    """What the same sentence names: defaults for the Violation record a reviewer accepts."""
    context: dict[str, str] = {}
    named = [facility.id for facility in found.facilities if facility.id]
    if named:
        context["facility"] = named[0]
    if found.places:
        context["place"] = found.places[0].id
    if found.institutions:
        context["institution"] = found.institutions[0].id
    if dates:
        context["date"] = dates[0].value
    return context
