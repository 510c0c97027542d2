"""Korean personal names in romanized (Latin-script) text: the spans of surname and given name.

A name is a known surname in any romanization (the table in :mod:`girok.domain.surnames`) followed by a
given name that reads as romanized Korean syllables: hyphenated ("Young-soon", "Myong-chol"), joined
("Youngsoon"), spaced ("Il Sung", "Jong Un") or one syllable ("Kim Gu"); a title before it (Mr., Dr.) is
left out of the quote. Western order ("Young-soon Kim") only with a hyphenated given name. Rejected: a
surname alone ("Mr. Kim"), a name that heads a place or institution ("Kim Il Sung University", "Kim Chaek
University of Technology"), gazetteer and institution aliases ("In Hyesan"), and sentence-initial English
words that are also surnames ("So we ran", "Oh,", "In China", "An officer", "Do", "No", "Son", "Song"): at
the start of a sentence these need a hyphenated given name or two spaced syllables ("So Yong Chol").
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from girok.domain import surnames
from girok.extract.korean import has_hangul


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_APOS = "'’ʼ‘`"
_HYPHENS = "\\-‐‑"  # escaped for character classes
_LETTER = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
_MARK = "\u0300-\u036f"
# A word: letters, inner apostrophes (Ch'ol) and hyphens (Young-soon). Each separator must be followed by a
# letter, so matching is linear.
_WORD = re.compile(f"[{_LETTER}][{_LETTER}{_MARK}]*(?:[{_APOS}{_HYPHENS}][{_LETTER}][{_LETTER}{_MARK}]*)*")
_HYPHEN_SPLIT = re.compile(f"[{_HYPHENS}]")

# One romanized Korean syllable (RR, McCune-Reischauer without diacritics, North Korean and the usual
# English spellings: Young, Soon, Chul, Hee, Sook, Kyung), on the folded word (lower case, no marks).
_INITIAL = "(?:tch|chh|ch|kk|kh|gg|tt|th|pp|ph|ss|sh|jj|k|g|n|d|t|r|l|m|b|p|s|j|h)?"
_VOWEL = "(?:yae|yeo|yoo|you|wae|weo|eui|woo|ae|ai|ya|eo|ye|oe|oi|wa|wo|we|wi|yo|yu|yi|eu|ui|oo|ou|ee|a|e|i|o|u)"
_FINAL = "(?:ng|k|n|l|m|p|t)?"
_SYLLABLE = _INITIAL + _VOWEL + _FINAL
_ONE_SYLLABLE = re.compile(f"{_SYLLABLE}")
_TWO_SYLLABLES = re.compile(f"{_SYLLABLE}{_SYLLABLE}")
_MAX_GIVEN_WORD = 14
# English "consonant, vowel, consonant, e" words (June, Time, Jane) parse as two syllables; given names
# written that way are rare.
_CVCE = re.compile(r"[^aeiouy]+[aeiouy][^aeiouy]e")

# Surname spellings that are also English words, capitalised at the start of a sentence ("So we ran",
# "In Hyesan", "Oh, ...", "Son", "Song"). There they need a hyphenated given name.
_ENGLISH_SURNAMES = _set(
    "an in do no so oh ha ho go son song sun moon back ban pan chin won ma ye yeh ok um huh sin shin bang "
    "gong ham sol you joe nah rim sung gang woo yum"
)
# Spellings in the surname table that here mostly mean something else (Chinese Zhang, Li; one letter).
_NOT_SURNAMES = frozenset({"zhang", "li", "i", "o", "u"})

# Capitalised English words that fold to valid syllables, never read as a given name after a surname.
_NOT_GIVEN = _set(
    "a i o u am an as at be by do go he if in is it me my no of oh ok on or so to up us we ye yo ha ho hi "
    "man men sun son sons moon top hot not let set get pet met jet net bet sit hit kit pot lot got then them "
    "ten pen hen den tin pin bin sin him hum sum gum mom tom jim ben ken dan jan ron don ann one home hope "
    "time korea korean china japan hotel tomato potato photo motel hanoi hello sale anti pope dear long "
    "jesus"
)
# Words after a name that make it the name of a place or an institution ("Kim Il Sung University").
_HEADS = _set(
    "university college academy school institute square street stadium station hospital hotel bridge road "
    "avenue park palace mausoleum memorial museum library theatre theater hall tower airport county province "
    "city district town village prize order medal award foundation league union youth socialist military "
    "political navy naval air iron steel works complex factory mine farm cooperative plant centre center "
    "revolutionary higher party statue statues studio studios ensemble troupe orchestra reservoir dam "
    "kimilsungia kimjongilia"
)
# Places outside the vocabularies that read as a surname and a given name.
_EN_PLACES = frozenset({"hong kong", "han river", "kim chaek", "song do", "hanoi"})
# Titles before a name (left out of the quote). After one, the position is never sentence-initial.
_TITLES = _set(
    "mr mrs ms miss mx dr prof professor mme madam madame sir general gen marshal chairman president premier "
    "comrade lt lieutenant captain capt colonel col major maj sergeant sgt ambassador minister officer agent "
    "inspector rev reverend pastor father brother sister secretary director vice deputy leader"
)


def _fold(word: str) -> str:
    """Lower-case ASCII letters of a romanized word: marks and apostrophes dropped (Ch'ŏl -> chol)."""
    decomposed = unicodedata.normalize("NFKD", word)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _APOS)
    return kept.lower()


def _fold_phrase(phrase: str) -> str:
    """A phrase folded for alias comparison: words of letters and digits joined by single spaces."""
    decomposed = unicodedata.normalize("NFKD", phrase)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _APOS)
    return " ".join(re.sub(r"[\W_]+", " ", kept.casefold()).split())


def _syllables(word: str) -> int:
    """How many romanized Korean syllables ``word`` is (1 or 2), or 0 when it is not one or two."""
    folded = _fold(word)
    if not folded or len(folded) > _MAX_GIVEN_WORD or not (folded.isascii() and folded.isalpha()):
        return 0
    if _ONE_SYLLABLE.fullmatch(folded):
        return 1
    if _TWO_SYLLABLES.fullmatch(folded):
        return 2
    return 0


def _titlecase(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and letters[0].isupper() and all(not ch.isupper() for ch in letters[1:])


def _allcaps(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


@lru_cache(maxsize=8192)
def _is_surname(word: str) -> bool:
    """A capitalised word that romanizes a Korean surname (asked of every word of a text: cached)."""
    if not word[:1].isupper() or _HYPHEN_SPLIT.search(word) or not (_titlecase(word) or _allcaps(word)):
        return False
    return _fold(word) not in _NOT_SURNAMES and bool(surnames.by_latin(word))


class _Words:
    """The Latin words of a text: spans, possessives cut off ("Kim Young-soon's" -> "Young-soon")."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []
        self.possessive: list[bool] = []
        for match in _WORD.finditer(text):
            start, end = match.span()
            cut = end - 2 > start and text[end - 2] in _APOS and text[end - 1] in "sS"
            self.spans.append((start, end - 2 if cut else end))
            self.possessive.append(cut)

    def __len__(self) -> int:
        return len(self.spans)

    def word(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]

    def joined(self, i: int, j: int) -> bool:
        """Whether word ``j`` follows word ``i`` after a little whitespace only (one line break at most)."""
        if j >= len(self.spans) or self.possessive[i]:
            return False
        gap = self.text[self.spans[i][1] : self.spans[j][0]]
        return 0 < len(gap) <= 3 and gap.isspace() and gap.count("\n") <= 1

    def is_surname(self, i: int) -> bool:
        return _is_surname(self.word(i))

    def after_title(self, i: int) -> bool:
        if i == 0:
            return False
        gap = self.text[self.spans[i - 1][1] : self.spans[i][0]]
        return _fold(self.word(i - 1)) in _TITLES and re.fullmatch(r"\.?\s{1,3}", gap) is not None

    def mid_sentence(self, i: int) -> bool:
        """Whether word ``i`` follows a lower-case word, a digit or a comma (not a sentence start)."""
        if self.after_title(i):
            return True
        pos = self.spans[i][0] - 1
        floor = self.spans[i - 1][1] - 1 if i else -1
        while pos > floor and self.text[pos].isspace():
            pos -= 1
        if pos < 0:
            return False
        ch = self.text[pos]
        return ch.islower() or ch.isdigit() or ch == ","


def _hyphenated(word: str) -> bool:
    """Whether ``word`` is a hyphenated two-syllable given name ("Young-soon", "Myong-Chol", "YOUNG-SOON")."""
    parts = _HYPHEN_SPLIT.split(word)
    if len(parts) != 2:
        return False
    first, second = parts
    shape = (_titlecase(first) and (second.islower() or _titlecase(second))) or (_allcaps(first) and _allcaps(second))
    return shape and _syllables(first) == 1 and _syllables(second) == 1


def _given(words: _Words, j: int) -> tuple[int, str] | None:
    """The given name starting at word ``j``: (index of its last word, kind), kind being "hyphen",
    "joined", "spaced" or "single"; None when word ``j`` does not read as a Korean given name."""
    if j >= len(words):
        return None
    word = words.word(j)
    parts = _HYPHEN_SPLIT.split(word)
    if len(parts) == 2:
        return (j, "hyphen") if _hyphenated(word) else None
    if len(parts) != 1 or not _titlecase(word):
        return None
    count = _syllables(word)
    english = _fold(word) in _NOT_GIVEN
    if count == 2:
        return (j, "joined") if not english and not _CVCE.fullmatch(_fold(word)) else None
    if count != 1:
        return None
    k = j + 1
    if words.joined(j, k):
        second = words.word(k)
        # "Kim Chol Kim Young-soon": the next word starts a name of its own.
        starts_name = words.is_surname(k) and words.joined(k, k + 1) and _hyphenated(words.word(k + 1))
        if (
            _titlecase(second)
            and _syllables(second) == 1
            and not _HYPHEN_SPLIT.search(second)
            and not (english and _fold(second) in _NOT_GIVEN)
            and not starts_name
        ):
            return k, "spaced"
    if english or (words.joined(j, k) and words.word(k)[:1].isupper()):
        return None  # "Kim Il Sung-Kim Jong Il": more name follows that does not read as one
    return j, "single"


def _followed_by_head(words: _Words, last: int) -> bool:
    """Whether the word after ``last`` makes the name a place or institution ("... University")."""
    nxt = last + 1
    if not words.joined(last, nxt):
        # "Kim Il Sung-Kimjongsuk": a hyphen straight after the name
        end = words.spans[last][1]
        return _HYPHEN_SPLIT.match(words.text, end) is not None
    return _fold(words.word(nxt)) in _HEADS


def latin_names(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the romanized Korean names in ``text``, in text order."""
    words = _Words(text)
    blocked = _blocked()
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        found = _korean_order(words, i, blocked) or _western_order(words, i, blocked)
        if found is None:
            i += 1
            continue
        last, accept = found
        if accept:
            out.append((words.spans[i][0], words.spans[last][1]))
        i = last + 1
    return out


def _korean_order(words: _Words, i: int, blocked: frozenset[str]) -> tuple[int, bool] | None:
    """Surname at word ``i`` and a given name after it: (last word, accepted) or None to move on."""
    if not words.is_surname(i) or not words.joined(i, i + 1):
        return None
    given = _given(words, i + 1)
    if given is None:
        return None
    last, kind = given
    folded = _fold(words.word(i))
    english = folded in _ENGLISH_SURNAMES
    mid = words.mid_sentence(i)
    if english and not mid:
        # "So Kim Young-soon fled": the next word starts the name. "So Young-soon Kim": Western order.
        if words.is_surname(i + 1) and (inner := _given(words, i + 2)) is not None and inner[1] != "single":
            return None
        if kind == "hyphen" and words.joined(last, last + 1) and words.is_surname(last + 1):
            return None
        if kind not in ("hyphen", "spaced"):
            return None
    if kind == "single" and (english or len(_fold(words.word(i + 1))) < 2):
        return None
    if _followed_by_head(words, last):
        return last, False
    start, end = words.spans[i][0], words.spans[last][1]
    if _fold_phrase(words.text[start:end]) in blocked:
        return last, False
    if kind != "hyphen":
        given_text = words.text[words.spans[i + 1][0] : end]
        if _fold_phrase(given_text) in blocked or _fold_phrase(given_text).replace(" ", "") in blocked:
            return None
    return last, True


def _western_order(words: _Words, i: int, blocked: frozenset[str]) -> tuple[int, bool] | None:
    """A hyphenated given name at word ``i`` and a surname after it ("Young-soon Kim")."""
    if words.is_surname(i) or not words.joined(i, i + 1) or not words.is_surname(i + 1):
        return None
    given = _given(words, i)
    if given is None or given[1] != "hyphen":
        return None
    second = _HYPHEN_SPLIT.split(words.word(i))[1]
    if not second.islower() and surnames.by_latin(second):
        return None  # "Kim Il Sung-Kim Jong Il"
    after = _given(words, i + 2) if words.joined(i + 1, i + 2) else None
    if after is not None and after[1] == "hyphen":
        return None  # "Young-soon Kim Chul-ho": leave "Kim Chul-ho" to Korean order
    if _followed_by_head(words, i + 1):
        return i + 1, False
    start, end = words.spans[i][0], words.spans[i + 1][1]
    if _fold_phrase(words.text[start:end]) in blocked:
        return i + 1, False
    return i + 1, True


@cache
def _blocked() -> frozenset[str]:
    """Names of places, facilities and institutions in Latin script, folded."""
    from girok.schema.vocabulary import load_vocabularies  # deferred: loading parses the YAML vocabularies

    vocabularies = load_vocabularies()
    latin: set[str] = set()
    for name in ("gazetteer", "institutions", "facility_types"):
        for entry in vocabularies.get(name):
            for alias in entry.names():
                if not has_hangul(alias):
                    latin.add(_fold_phrase(alias))
    latin |= _EN_PLACES
    latin.discard("")
    return frozenset(latin)
