"""Fictional Korean names and their many spellings, for the demo collection.

A demo *identity* is one fictional human being; a *rendering* is how one source happens to write that
person's name: South or North Korean Hangul (이/리), Revised Romanization, McCune-Reischauer, the
North's own romanization or a common South Korean spelling, joined, hyphenated or spaced, sometimes
in Western order. Several sources rendering the same identity differently give record linkage work.
All names are assembled from common syllables at random; they describe no real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# Surname: South Korean Hangul, North Korean Hangul, RR, MR, North Korean romanization, common spellings.
SURNAMES: tuple[tuple[str, str, str, str, str, tuple[str, ...]], ...] = (
    ("김", "김", "Gim", "Kim", "Kim", ("Kim", "Ghim")),
    ("이", "리", "Yi", "Yi", "Ri", ("Lee", "Rhee", "Yi")),
    ("박", "박", "Bak", "Pak", "Pak", ("Park", "Pak")),
    ("최", "최", "Choe", "Ch'oe", "Choe", ("Choi", "Choe")),
    ("정", "정", "Jeong", "Chŏng", "Jong", ("Jung", "Chung")),
    ("강", "강", "Gang", "Kang", "Kang", ("Kang", "Kahng")),
    ("조", "조", "Jo", "Cho", "Jo", ("Cho", "Joe")),
    ("윤", "윤", "Yun", "Yun", "Yun", ("Yoon", "Youn")),
    ("장", "장", "Jang", "Chang", "Jang", ("Jang", "Chang")),
    ("임", "림", "Im", "Im", "Rim", ("Lim", "Yim")),
    ("한", "한", "Han", "Han", "Han", ("Han", "Hahn")),
    ("오", "오", "O", "O", "O", ("Oh",)),
    ("서", "서", "Seo", "Sŏ", "So", ("Suh", "Seo")),
    ("신", "신", "Sin", "Sin", "Sin", ("Shin",)),
    ("황", "황", "Hwang", "Hwang", "Hwang", ("Hwang", "Whang")),
    ("안", "안", "An", "An", "An", ("Ahn",)),
    ("송", "송", "Song", "Song", "Song", ("Song",)),
    ("전", "전", "Jeon", "Chŏn", "Jon", ("Jeon", "Jun", "Chun")),
    ("홍", "홍", "Hong", "Hong", "Hong", ("Hong",)),
    ("유", "류", "Yu", "Yu", "Ryu", ("Yoo", "Ryu")),
    ("고", "고", "Go", "Ko", "Ko", ("Koh",)),
    ("문", "문", "Mun", "Mun", "Mun", ("Moon",)),
    ("양", "량", "Yang", "Yang", "Ryang", ("Yang",)),
    ("노", "로", "No", "No", "Ro", ("Roh", "Noh")),
    ("태", "태", "Tae", "T'ae", "Thae", ("Tae",)),
    ("표", "표", "Pyo", "P'yo", "Phyo", ("Pyo",)),
)

# Given-name syllable: RR, MR, North Korean romanization, common South Korean spelling.
SYLLABLES: dict[str, tuple[str, str, str, str]] = {
    "영": ("yeong", "yŏng", "yong", "young"),
    "철": ("cheol", "ch'ŏl", "chol", "chul"),
    "정": ("jeong", "chŏng", "jong", "jung"),
    "혁": ("hyeok", "hyŏk", "hyok", "hyuk"),
    "성": ("seong", "sŏng", "song", "sung"),
    "은": ("eun", "ŭn", "un", "eun"),
    "희": ("hui", "hŭi", "hui", "hee"),
    "경": ("gyeong", "kyŏng", "kyong", "kyung"),
    "금": ("geum", "kŭm", "kum", "keum"),
    "춘": ("chun", "ch'un", "chun", "choon"),
    "광": ("gwang", "kwang", "kwang", "kwang"),
    "국": ("guk", "kuk", "kuk", "kook"),
    "동": ("dong", "tong", "tong", "dong"),
    "석": ("seok", "sŏk", "sok", "suk"),
    "진": ("jin", "chin", "jin", "jin"),
    "수": ("su", "su", "su", "soo"),
    "순": ("sun", "sun", "sun", "soon"),
    "숙": ("suk", "suk", "suk", "sook"),
    "옥": ("ok", "ok", "ok", "ok"),
    "남": ("nam", "nam", "nam", "nam"),
    "일": ("il", "il", "il", "il"),
    "민": ("min", "min", "min", "min"),
    "미": ("mi", "mi", "mi", "mi"),
    "화": ("hwa", "hwa", "hwa", "hwa"),
    "향": ("hyang", "hyang", "hyang", "hyang"),
    "실": ("sil", "sil", "sil", "shil"),
    "란": ("ran", "ran", "ran", "ran"),
    "명": ("myeong", "myŏng", "myong", "myung"),
    "호": ("ho", "ho", "ho", "ho"),
    "학": ("hak", "hak", "hak", "hak"),
    "혜": ("hye", "hye", "hye", "hye"),
    "선": ("seon", "sŏn", "son", "sun"),
}

MALE_FIRST = ("영", "철", "성", "광", "명", "동", "진", "정", "국", "석", "혁", "일", "학", "남")
MALE_SECOND = ("호", "철", "수", "일", "국", "혁", "진", "남", "학", "석", "민", "성")
FEMALE_FIRST = ("영", "순", "은", "정", "명", "경", "금", "옥", "미", "혜", "춘", "선")
FEMALE_SECOND = ("희", "순", "숙", "옥", "미", "화", "향", "실", "란", "영", "정", "경")

#: Spellings by the script a source writes in.
HANGUL_STYLES = ("hangul-south", "hangul-north")
LATIN_STYLES = ("rr", "mr", "nk", "common", "common-western")

# Relatives as a testimony names them: (key, English, Korean, sex, relation from the witness).
# relation: "parent" (the relative is the witness's parent), "child", "spouse" or "sibling".
RELATIVES: tuple[tuple[str, str, str, str, str], ...] = (
    ("father", "father", "아버지", "male", "parent"),
    ("mother", "mother", "어머니", "female", "parent"),
    ("husband", "husband", "남편", "male", "spouse"),
    ("wife", "wife", "아내", "female", "spouse"),
    ("brother", "younger brother", "남동생", "male", "sibling"),
    ("sister", "younger sister", "여동생", "female", "sibling"),
    ("elder-brother", "elder brother", "오빠", "male", "sibling"),
    ("son", "son", "아들", "male", "child"),
    ("daughter", "daughter", "딸", "female", "child"),
)

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SURNAME_WEIGHTS = [1 / (rank + 1) for rank in range(len(SURNAMES))]  # frequent surnames more often


@dataclass(frozen=True)
class Identity:
    """One fictional human being, however sources spell the name."""

    key: str  # a demo-only label that lets a linkage evaluation know which records are the same person
    surname: int  # index into SURNAMES
    given: tuple[str, str]  # two Hangul syllables
    sex: str
    birth_year: int
    origin: str  # gazetteer id of a city or county


def new_identity(rng: random.Random, sex: str, birth_year: int, origin: str, surname: int | None = None) -> Identity:
    key = "".join(rng.choice(_CROCKFORD) for _ in range(10))
    birth_year = min(max(birth_year, 1900), 2023)  # dates must stay within 1900-2100, births in the past
    if surname is None:
        surname = rng.choices(range(len(SURNAMES)), weights=_SURNAME_WEIGHTS)[0]
    first, second = (MALE_FIRST, MALE_SECOND) if sex == "male" else (FEMALE_FIRST, FEMALE_SECOND)
    a = rng.choice(first)
    b = rng.choice([s for s in second if s != a])
    return Identity(key, surname, (a, b), sex, birth_year, origin)


def _join(parts: list[str], style: int) -> str:
    """Given-name syllables joined: 0 hyphenated (Yong-ho), 1 closed (Yongho), 2 spaced (Yong Ho)."""
    if style == 0:
        return parts[0].capitalize() + "-" + parts[1]
    if style == 1:
        return (parts[0] + parts[1]).capitalize()
    return parts[0].capitalize() + " " + parts[1].capitalize()


def render(identity: Identity, style: str, rng: random.Random) -> str:
    """The name of ``identity`` as a source in ``style`` writes it."""
    south, north, rr, mr, nk, common = SURNAMES[identity.surname]
    given = identity.given
    if style == "hangul-south":
        return south + "".join(given)
    if style == "hangul-north":
        return north + "".join(given)
    column = {"rr": 0, "mr": 1, "nk": 2, "common": 3, "common-western": 3}[style]
    parts = [SYLLABLES[s][column] for s in given]
    if style == "rr":
        return f"{rr} {_join(parts, rng.choice((0, 1)))}"
    if style == "mr":
        return f"{mr} {_join(parts, 0)}"
    if style == "nk":
        return f"{nk} {_join(parts, 2)}"
    surname = rng.choice(common)
    if style == "common":
        return f"{surname} {_join(parts, rng.choice((0, 0, 1, 2)))}"
    return f"{_join(parts, 0)} {surname}"  # Western order, as English-language media write it


def hangul(identity: Identity, north: bool = False) -> str:
    south_form, north_form = SURNAMES[identity.surname][:2]
    return (north_form if north else south_form) + "".join(identity.given)


def pseudonym(rng: random.Random, sex: str) -> tuple[str, str]:
    """A made-up public name (Hangul, romanized) a witness testifies under."""
    identity = new_identity(rng, sex, 1970, "hoeryong")
    return hangul(identity), render(identity, "common", rng)


def has_latin(text: str) -> bool:
    return any("a" <= ch.lower() <= "z" for ch in text)


def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable of ``word`` ends in a consonant (batchim)."""
    last = word[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    return False


def particle(word: str, with_final: str, without_final: str) -> str:
    """``word`` with the particle its last syllable takes (은/는, 이/가, 을/를, 과/와)."""
    return word + (with_final if has_final_consonant(word) else without_final)
