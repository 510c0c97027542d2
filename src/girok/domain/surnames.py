"""Korean surnames for name matching: Hangul (South and North forms), Hanja, and their romanizations.

Sources: the project's reference facts on Korean names (names.md); Wikipedia, "List of Korean
surnames" (Hangul, Hanja, Revised Romanization, McCune-Reischauer and common spellings); DLIFLC notes on
the initial sound rule (두음법칙: the South drops or changes a word-initial ㄹ/ㄴ that the North keeps,
리/이, 류/유, 림/임, 로/노, 라/나, 량/양, 렴/염, 려/여, 륙/육, 룡/용).

This table is for the matching code (romanization folding, name parsing, record linkage). A separate YAML
vocabulary of surnames serves display; the two need not list the same surnames.

The North Korean Hangul form applies only to some Hanja of a surname (林 is 림 in the North, 任 is 임 in
both; 柳/劉 are 류, 兪 is 유; 梁 is 량, 楊 is 양). Without Hanja both forms are candidates.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

__all__ = ["SURNAMES", "Surname", "by_hangul", "by_hanja", "by_latin", "fold_latin", "is_very_common", "rank"]


@dataclass(frozen=True)
class Surname:
    """One surname. ``hangul`` (the South Korean form) is its canonical id."""

    hangul: str
    rr: str  # Revised Romanization
    mr: str  # McCune-Reischauer
    nk: str  # North Korean official romanization
    spellings: tuple[str, ...] = ()  # other common spellings
    north: str | None = None  # North Korean Hangul when it keeps an initial ㄹ/ㄴ
    hanja: tuple[str, ...] = ()

    @property
    def hangul_forms(self) -> frozenset[str]:
        return frozenset({self.hangul} | ({self.north} if self.north else set()))

    @property
    def latin_forms(self) -> frozenset[str]:
        return frozenset({self.rr, self.mr, self.nk, *self.spellings})


def _s(
    hangul: str, rr: str, mr: str, nk: str, spellings: str = "", north: str | None = None, hanja: str = ""
) -> Surname:
    return Surname(hangul, rr, mr, nk, tuple(spellings.split()), north, tuple(hanja.split()))


# Roughly by frequency (South Korean census order); the first ten are the "very common" surnames that
# name-order guessing relies on (see :func:`rank`).
SURNAMES: tuple[Surname, ...] = (
    _s("김", "Gim", "Kim", "Kim", "Ghim Gim", hanja="金"),
    _s("이", "I", "Yi", "Ri", "Lee Rhee Ree Rhie Yee Li Rie", north="리", hanja="李"),
    _s("박", "Bak", "Pak", "Pak", "Park Bahk", hanja="朴"),
    _s("최", "Choe", "Ch'oe", "Choe", "Choi Chey Choy", hanja="崔"),
    _s("정", "Jeong", "Chŏng", "Jong", "Jung Chung Cheong Joung", hanja="鄭 丁"),
    _s("강", "Gang", "Kang", "Kang", "Kahng", hanja="姜 康"),
    _s("조", "Jo", "Cho", "Jo", "Joe Joh Chough", hanja="趙 曺"),
    _s("윤", "Yun", "Yun", "Yun", "Yoon Youn", hanja="尹"),
    _s("장", "Jang", "Chang", "Jang", "Zhang", hanja="張 蔣"),
    _s("임", "Im", "Im", "Rim", "Lim Yim Leem Rim", north="림", hanja="林 任"),
    _s("한", "Han", "Han", "Han", "Hahn", hanja="韓"),
    _s("오", "O", "O", "O", "Oh", hanja="吳"),
    _s("서", "Seo", "Sŏ", "So", "Suh Seoh", hanja="徐"),
    _s("신", "Sin", "Sin", "Sin", "Shin Shinn", hanja="申 辛"),
    _s("권", "Gwon", "Kwŏn", "Kwon", "Kweon", hanja="權"),
    _s("황", "Hwang", "Hwang", "Hwang", "Whang", hanja="黃"),
    _s("안", "An", "An", "An", "Ahn", hanja="安"),
    _s("송", "Song", "Song", "Song", "Soong", hanja="宋"),
    _s("전", "Jeon", "Chŏn", "Jon", "Jun Chun Chon", hanja="全 田"),
    _s("홍", "Hong", "Hong", "Hong", "", hanja="洪"),
    _s("유", "Yu", "Yu", "Ryu", "Yoo You Ryoo Lyu", north="류", hanja="柳 劉 兪"),
    _s("고", "Go", "Ko", "Ko", "Koh", hanja="高"),
    _s("문", "Mun", "Mun", "Mun", "Moon", hanja="文"),
    _s("양", "Yang", "Yang", "Ryang", "Lyang", north="량", hanja="梁 楊"),
    _s("손", "Son", "Son", "Son", "Sohn", hanja="孫"),
    _s("배", "Bae", "Pae", "Pae", "Bai", hanja="裵"),
    _s("백", "Baek", "Paek", "Paek", "Paik Baik Back", hanja="白"),
    _s("허", "Heo", "Hŏ", "Ho", "Huh Hur", hanja="許"),
    _s("남", "Nam", "Nam", "Nam", "", hanja="南"),
    _s("심", "Sim", "Sim", "Sim", "Shim", hanja="沈"),
    _s("노", "No", "No", "Ro", "Roh Noh", north="로", hanja="盧"),
    _s("하", "Ha", "Ha", "Ha", "Hah", hanja="河"),
    _s("곽", "Gwak", "Kwak", "Kwak", "", hanja="郭"),
    _s("성", "Seong", "Sŏng", "Song", "Sung", hanja="成"),
    _s("차", "Cha", "Ch'a", "Cha", "", hanja="車"),
    _s("주", "Ju", "Chu", "Ju", "Joo", hanja="朱 周"),
    _s("우", "U", "U", "U", "Woo", hanja="禹"),
    _s("구", "Gu", "Ku", "Ku", "Koo", hanja="具"),
    _s("민", "Min", "Min", "Min", "", hanja="閔"),
    _s("나", "Na", "Na", "Ra", "Rah Nah", north="라", hanja="羅"),
    _s("진", "Jin", "Chin", "Jin", "", hanja="陳 秦"),
    _s("지", "Ji", "Chi", "Ji", "Jee", hanja="池"),
    _s("엄", "Eom", "Ŏm", "Om", "Um Uhm", hanja="嚴"),
    _s("채", "Chae", "Ch'ae", "Chae", "", hanja="蔡"),
    _s("원", "Won", "Wŏn", "Won", "", hanja="元"),
    _s("천", "Cheon", "Ch'ŏn", "Chon", "Chun", hanja="千"),
    _s("방", "Bang", "Pang", "Pang", "", hanja="方"),
    _s("공", "Gong", "Kong", "Kong", "", hanja="孔"),
    _s("현", "Hyeon", "Hyŏn", "Hyon", "Hyun", hanja="玄"),
    _s("함", "Ham", "Ham", "Ham", "Hahm", hanja="咸"),
    _s("변", "Byeon", "Pyŏn", "Pyon", "Byun", hanja="卞 邊"),
    _s("염", "Yeom", "Yŏm", "Ryom", "Yum", north="렴", hanja="廉"),
    _s("여", "Yeo", "Yŏ", "Ryo", "Yuh", north="려", hanja="呂"),
    _s("추", "Chu", "Ch'u", "Chu", "Choo", hanja="秋"),
    _s("도", "Do", "To", "To", "Doh", hanja="都"),
    _s("소", "So", "So", "So", "", hanja="蘇"),
    _s("석", "Seok", "Sŏk", "Sok", "Suk", hanja="石"),
    _s("선", "Seon", "Sŏn", "Son", "Sun", hanja="宣"),
    _s("설", "Seol", "Sŏl", "Sol", "Sul", hanja="薛"),
    _s("길", "Gil", "Kil", "Kil", "", hanja="吉"),
    _s("표", "Pyo", "P'yo", "Phyo", "", hanja="表"),
    _s("명", "Myeong", "Myŏng", "Myong", "Myung", hanja="明"),
    _s("태", "Tae", "T'ae", "Thae", "", hanja="太"),
    _s("육", "Yuk", "Yuk", "Ryuk", "Yook", north="륙", hanja="陸"),
    _s("용", "Yong", "Yong", "Ryong", "", north="룡", hanja="龍"),
    _s("마", "Ma", "Ma", "Ma", "", hanja="馬"),
    _s("기", "Gi", "Ki", "Ki", "Kee", hanja="奇"),
    _s("반", "Ban", "Pan", "Pan", "", hanja="潘"),
    _s("왕", "Wang", "Wang", "Wang", "", hanja="王"),
    _s("금", "Geum", "Kŭm", "Kum", "Keum", hanja="琴"),
    _s("옥", "Ok", "Ok", "Ok", "", hanja="玉"),
    _s("인", "In", "In", "In", "", hanja="印"),
    _s("맹", "Maeng", "Maeng", "Maeng", "", hanja="孟"),
    _s("탁", "Tak", "T'ak", "Thak", "", hanja="卓"),
    _s("국", "Guk", "Kuk", "Kuk", "Kook", hanja="鞠"),
    _s("은", "Eun", "Ŭn", "Un", "", hanja="殷"),
    _s("편", "Pyeon", "P'yŏn", "Phyon", "", hanja="片"),
    _s("예", "Ye", "Ye", "Ye", "Yeh", hanja="芮"),
    _s("봉", "Bong", "Pong", "Pong", "", hanja="奉"),
    _s("경", "Gyeong", "Kyŏng", "Kyong", "Kyung", hanja="慶"),
    # two-syllable surnames
    _s("남궁", "Namgung", "Namgung", "Namgung", "Namkoong Namkung", hanja="南宮"),
    _s("황보", "Hwangbo", "Hwangbo", "Hwangbo", "", hanja="皇甫"),
    _s("제갈", "Jegal", "Chegal", "Jegal", "", hanja="諸葛"),
    _s("선우", "Seonu", "Sŏnu", "Sonu", "Sunwoo Sunoo", hanja="鮮于"),
    _s("독고", "Dokgo", "Tokko", "Tokko", "", hanja="獨孤"),
    _s("사공", "Sagong", "Sagong", "Sagong", "", hanja="司空"),
)

_VERY_COMMON = 10
_APOSTROPHES = "'’‘ʼʻ`´"


def fold_latin(spelling: str) -> str:
    """Lower-case ASCII form of a romanized spelling: diacritics, apostrophes, hyphens and spaces dropped."""
    decomposed = unicodedata.normalize("NFKD", spelling)
    kept = (ch for ch in decomposed if not unicodedata.combining(ch) and ch not in _APOSTROPHES)
    return "".join(ch for ch in "".join(kept).lower() if ch.isalnum())


def _exact(spelling: str) -> str:
    """Lower case with diacritics kept and apostrophes unified: "Ch'ŏn" (천) stays apart from "Chon"."""
    text = unicodedata.normalize("NFC", spelling).lower()
    return "".join("'" if ch in _APOSTROPHES else ch for ch in text if not ch.isspace() and ch != "-")


def _index() -> tuple[dict[str, tuple[Surname, ...]], ...]:
    hangul: dict[str, list[Surname]] = {}
    hanja: dict[str, list[Surname]] = {}
    latin: dict[str, list[Surname]] = {}
    exact: dict[str, list[Surname]] = {}
    for surname in SURNAMES:
        for form in surname.hangul_forms:
            hangul.setdefault(form, []).append(surname)
        for form in surname.hanja:
            hanja.setdefault(form, []).append(surname)
        for form in surname.latin_forms:
            for table, key in ((latin, fold_latin(form)), (exact, _exact(form))):
                bucket = table.setdefault(key, [])
                if surname not in bucket:
                    bucket.append(surname)
    tables = (hangul, hanja, latin, exact)
    return tuple({key: tuple(value) for key, value in table.items()} for table in tables)


_BY_HANGUL, _BY_HANJA, _BY_LATIN, _BY_EXACT = _index()
_RANK = {surname.hangul: index for index, surname in enumerate(SURNAMES)}


def by_hangul(text: str) -> tuple[Surname, ...]:
    """Surnames written ``text`` in Hangul (South or North form); empty if unknown."""
    return _BY_HANGUL.get(text, ())


def by_hanja(text: str) -> tuple[Surname, ...]:
    """Surnames written ``text`` in Hanja; empty if unknown."""
    return _BY_HANJA.get(text, ())


def by_latin(spelling: str) -> tuple[Surname, ...]:
    """Surnames that ``spelling`` is a known romanization of (several when diacritics were dropped:
    "Song" is 송 or 성, "Son" is 손 or 선, "So" is 서 or 소, "Chon" is 전 or 천). A spelling with its
    diacritics or apostrophes ("Sŏng", "Ch'ŏn") is looked up as written first."""
    return _BY_EXACT.get(_exact(spelling)) or _BY_LATIN.get(fold_latin(spelling), ())


def rank(surname: Surname) -> int:
    """Frequency rank (0 = most common); ranks below 10 are the very common surnames."""
    return _RANK[surname.hangul]


def is_very_common(surname: Surname) -> bool:
    return rank(surname) < _VERY_COMMON
