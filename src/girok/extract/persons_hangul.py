"""Korean personal names in Hangul: the spans of the names Kiwi's morphemes allow.

Built on Kiwi's morphemes (:func:`girok.extract.korean.tokenize`), from the start of a word that
begins with a surname (one syllable, or 남궁, 황보, 제갈, 선우, 독고, 사공). A name is

* two or three syllables (three or four after a two-syllable surname) before a title, attached or as the
  next word (씨, 님, 氏, 동무, 동지, 선생, 여사, 할머니, 위원장...), whatever Kiwi made of them
  (한/MM 금/NNG 옥/NNG 씨), unless they are one common noun (이웃 할머니, 오늘 선생님);
* a Kiwi proper noun (NNP) of three syllables (four after a two-syllable surname): 김영순은, 남궁민수;
* the pieces Kiwi splits an unknown name into, when they add up to three syllables and look like a name
  (a proper-noun piece, a root XR, or one syllable each): 리+명철, 현영+철, 성+혜+림;
* two syllables, or a three-syllable common noun, after a role word (남편 리명철, 소대장 최철).

A Hangul word alone in English text ("Her friend 최선희 died") is a proper noun to Kiwi whatever it is;
there the given name must be made of common given-name syllables ("the 장마당" is not a name). Rejected: a
surname alone (박 씨), gazetteer, institution and facility aliases and a list of other places and North
Korean terms (요덕, 혜산, 김정숙군, 안전부, 백두산, 장마당), place suffixes and institution heads (김책시,
김일성광장, 김일성 종합대학), and loanwords (오바마, 라오스).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from girok.domain import surnames
from girok.extract.korean import Token, has_hangul


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_TWO_SYLLABLE_SURNAMES = frozenset(s.hangul for s in surnames.SURNAMES if len(s.hangul) == 2)
_NOMINAL = frozenset({"NNP", "NNG", "XR", "XPN", "NNB", "NR"})
_FIRST = frozenset({"NNP", "NNG", "XR", "XPN"})
# What Kiwi may make of the syllables of a name before a title (김/NNP 순/MM 옥/NNG 씨, 한/MM 금/NNG 옥/NNG 씨).
_NAME_PIECES = _NOMINAL | {"MM", "NP", "MAG"}
# Syllables common in given names, South and North. A Hangul word alone in Latin text ("Her friend 최선희
# died") is a proper noun to Kiwi whatever it is; there its given name must be made of these.
_GIVEN_SYLLABLES = frozenset(
    "가각간갑강건걸겸경계고곤공관광교구국군권귀규균극근금기길나난남녀년녕노농다단달담대덕도돈동두득등라란람랑래량"
    "려련렬령례로록룡루류륜률리린림립마만말매맹면명모목묘무문미민박방배백범법벽병보복본봉부분붕비빈사산삼상새색생"
    "서석선설섬섭성세소속손송수숙순술숭슬승시식신실심아악안애야양억언엄업여역연열염엽영예오옥온옹완왕요용우욱운웅"
    "원월위유육윤율융은을음응의이익인일임입자작잔장재전절점정제조종좌주준중증지직진질집차찬창채책천철첨청체초총춘"
    "출충취칠태택통파판팔평표풍필하학한함항해행향허헌혁현형혜호홍화환활황회효후훈휘휴흠흥희힘"
)
_ISLAND = 12

# Titles right after a name that only a person takes: a common noun before them is still a name.
_NAME_TITLES = ("선생님", "선생", "동무", "동지", "여사", "씨", "님", "氏")
# Kin terms and positions after a name (also after common nouns: 이웃 할머니, 주인 아저씨).
_KIN_TITLES = (
    "할머니", "할아버지", "아주머니", "아줌마", "아저씨", "언니", "누나", "오빠", "형님", "형", "어머니",
    "아버지", "부인", "일가", "가족",
)  # fmt: skip
_JOB_TITLES = (
    "위원장", "대통령", "총비서", "비서", "주석", "원수", "장군", "부장", "과장", "소장", "대장", "중대장",
    "소대장", "대대장", "지도원", "보위원", "안전원", "보안원", "교수", "박사", "기자", "목사", "전도사",
    "선교사", "변호사", "의사", "교원", "교사", "대표", "회장", "사장", "반장", "인민반장", "당비서", "총리",
    "부총리", "장관", "대사", "처장", "국장", "실장",
)  # fmt: skip
_TITLE_WORDS = tuple(sorted({*_NAME_TITLES, *_KIN_TITLES, *_JOB_TITLES}, key=len, reverse=True))
_LONGEST_TITLE = len(_TITLE_WORDS[0])
_TITLE_SET = frozenset(_TITLE_WORDS)
# Words before a name that say a person follows (남편 오영남, 소대장 최철).
_ROLES = (
    "남편", "아내", "부인", "오빠", "언니", "형", "누나", "동생", "아들", "딸", "아버지", "어머니", "할머니",
    "할아버지", "삼촌", "이모", "고모", "사촌", "친구", "동료", "보위원", "안전원", "보안원", "지도원",
    "소대장", "중대장", "대대장", "부장", "과장", "소장", "반장", "담당자", "담당", "교도관", "계호원",
    "탈북민", "탈북자", "증인", "피해자", "목격자", "브로커", "대통령", "위원장", "총비서", "주석", "故",
)  # fmt: skip
# Nouns after a name that make it the name of a place or an institution (김일성광장, 김일성 종합대학):
# attached or as the next word; the longer ones also end the next word (김형직 사범대학).
_HEAD_NOUNS = (
    "구역", "광장", "대학", "대학교", "종합대학", "거리", "경기장", "체육관", "병원", "학교", "중학교",
    "고등중학교", "소학교", "공원", "궁전", "기념관", "도서관", "박물관", "극장", "다리", "청년동맹",
    "훈장", "혁명학원", "학원", "제철소", "기업소", "연합기업소", "공장", "농장", "탄광", "광산", "노동자구",
    "사적지", "주의",
)  # fmt: skip
_HEAD_SUFFIXES = ("시", "군", "도", "리", "동", "읍", "면", "역", "화", *_HEAD_NOUNS)
# Last syllables of places: never a name without a title (김책시, 백두산, 조선족), and 도/동/리 not
# before a place particle or noun (황해도에서, 황해도 출신; but 이창동이, 김혜리의).
_PLACE_ENDINGS = frozenset("시군읍면역항섬족산강")
_MAYBE_PLACE_ENDINGS = frozenset("도동리성")  # 성: Chinese provinces (지린성 일대)
_PLACE_PARTICLES = frozenset({"에", "에서", "으로", "로", "까지", "부터", "쪽", "에서는", "에서도", "에는"})
_PLACE_NOUNS = ("출신", "지역", "지방", "일대", "주민", "사람", "인민위원회", "당위원회", "근처", "사투리")
# Places, peoples and North Korean terms outside the vocabularies that start with a surname and that Kiwi
# may tag NNP (always, in English text: "the 장마당").
_KO_BLOCKED = _set(
    "한국 조선 남한 남조선 고려 한반도 신포 김책 안주 정주 송림 구성 강서 백두산 금강산 한라산 묘향산 칠보산 "
    "구월산 지리산 한강 대동강 청천강 황해도 강원도 함경도 전라도 경상도 경기도 평안도 양강도 자강도 서울 심양 "
    "장백 도문 용정 길림 연길 인천 태국 하얼빈 하와이 우간다 오사카 마카오 라오스 이라크 이란 이스라엘 인도 "
    "유럽 유엔 홍콩 방콕 도쿄 조선족 한국인 조선인 고려인 천리마 주체 노동신문 로동신문 조선중앙통신 "
    "장마당 인민반 인민군 지도원 지배인 정치범 조사관 도강자 장사꾼 기동대 강냉이 진료소 반탐 성분 선군 노동당 "
    "로동당 여맹 하전민 주민 구호 신소 방첩 석탄 마약 "
    # North Korean speech and words for people by what befell them (Kiwi tags them NNP when it does not know them)
    "오마니 어마니 아바이 아바지 기래서 기러니 기케 조선서 이튿날 송환자 피해자 목격자 수감자 진술자 면담자 "
    "탈북자 조사자 증언자 방문자 신고자"
)


def _jamo(ch: str) -> tuple[int, int, int]:
    index = ord(ch) - 0xAC00
    return index // 588, (index % 588) // 28, index % 28


def _hangul_syllable(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


def _all_hangul(text: str) -> bool:
    return bool(text) and all(_hangul_syllable(ch) for ch in text)


def _loanword_syllable(ch: str) -> bool:
    """Syllables of loanwords that no Sino-Korean reading has (스, 크, 바, 카, 레, 쇼...)."""
    if ch == "쌍":
        return False
    initial, medial, final = _jamo(ch)
    if initial in (1, 4, 8, 10, 13, 15):  # ㄲ ㄸ ㅃ ㅆ ㅉ ㅋ
        return True
    if medial == 18 and final == 0:  # open ㅡ: 스 크 트 르
        return True
    if medial == 5 and initial not in (9, 12, 14):  # ㅔ outside 세 제 체
        return True
    if medial in (14, 15) and final == 0:  # open ㅝ ㅞ
        return True
    if initial in (9, 12, 14) and medial in (2, 6, 12, 17):  # 샤 셔 쇼 슈 쟈 져 죠 쥬 ...
        return True
    return ch in "바버얼"


def _surname_length(word: str) -> int:
    if len(word) >= 3 and word[:2] in _TWO_SYLLABLE_SURNAMES:
        return 2
    return 1 if surnames.by_hangul(word[:1]) else 0


def _title_prefix(text: str) -> str | None:
    """The title ``text`` is or starts with (longest first)."""
    for title in _TITLE_WORDS:
        if text.startswith(title):
            return title
    return None


class _Hangul:
    """Kiwi tokens of one text with the neighbourhood queries the Hangul rules need."""

    def __init__(self, text: str, tokens: Sequence[Token]) -> None:
        self.text = text
        valid = [t for t in tokens if 0 <= t.start < t.end <= len(text)]
        valid.sort(key=lambda t: t.start)
        self.tokens = valid
        self.ends = frozenset(t.end for t in valid)
        self.by_start: dict[int, int] = {}
        for index, token in enumerate(valid):
            self.by_start.setdefault(token.start, index)

    def slice(self, i: int) -> str:
        token = self.tokens[i]
        return self.text[token.start : token.end]

    def nominal_run(self, i: int) -> int:
        """End index (exclusive) of the run of contiguous Hangul nominal tokens from token ``i``."""
        j = i + 1
        tokens = self.tokens
        while (
            j < len(tokens)
            and tokens[j].start == tokens[j - 1].end
            and tokens[j].tag in _NOMINAL
            and _all_hangul(self.slice(j))
        ):
            j += 1
        return j

    def next_word(self, end: int) -> str | None:
        """The nominal run (or the Hanja) that starts the next word, when a word ends at ``end``."""
        text = self.text
        if end >= len(text) or not text[end].isspace():
            return None
        pos = end
        while pos < len(text) and pos - end <= 3 and text[pos].isspace():
            pos += 1
        j = self.by_start.get(pos)
        if j is None or pos - end > 3:
            return None
        token = self.tokens[j]
        if token.tag in _NOMINAL and _all_hangul(self.slice(j)):
            return text[token.start : self.tokens[self.nominal_run(j) - 1].end]
        return self.slice(j) if token.tag == "SH" else None

    def previous_word(self, i: int) -> str:
        """The text of the contiguous tokens (one word) just before token ``i``, after a space."""
        if i == 0:
            return ""
        start = self.tokens[i].start
        prev = self.tokens[i - 1]
        if prev.end >= start or not self.text[prev.end : start].isspace() or start - prev.end > 3:
            return ""
        k = i - 1
        while k > 0 and self.tokens[k - 1].end == self.tokens[k].start:
            k -= 1
        return self.text[self.tokens[k].start : prev.end]


def hangul_names(text: str, tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """The (start, end) spans of the Hangul names in ``text``, in text order; ``tokens`` are Kiwi's."""
    doc = _Hangul(text, tokens)
    blocked = _blocked()
    out: list[tuple[int, int]] = []
    done = 0  # end of the last name found
    for i, token in enumerate(doc.tokens):
        start = token.start
        if start < done or (start > 0 and _hangul_syllable(text[start - 1])) or not _hangul_syllable(text[start]):
            continue
        span = _titled_name(doc, i, blocked)
        if span is None and token.tag in _FIRST and _all_hangul(doc.slice(i)):
            span = _bare_name(doc, i, blocked)
        if span is not None:
            out.append(span)
            done = span[1]
    return out


def _titled_name(doc: _Hangul, i: int, blocked: frozenset[str]) -> tuple[int, int] | None:
    """A name of two to four syllables from token ``i`` followed by a title: attached (김영순씨는, 김영순님),
    or as the next word (김영순 씨, 김정은 국무위원장, 김영순 氏). Kiwi's tags inside the name do not matter
    (김/NNP 순/MM 옥/NNG 씨), but a single common noun is not a name (이웃 할머니, 오늘 선생님)."""
    text, toks = doc.text, doc.tokens
    start = toks[i].start
    head = text[start : start + 3]
    surname = _surname_length(head) if _all_hangul(head[:2]) else 0
    if not surname:
        return None
    for length in (surname + 2, surname + 1):
        pos = start + length
        if pos not in doc.ends or not _all_hangul(text[start:pos]):
            continue
        if pos < len(text) and _hangul_syllable(text[pos]):
            title = _title_prefix(text[pos : pos + _LONGEST_TITLE])
            if title is None or pos not in doc.by_start or pos + len(title) not in doc.ends:
                continue
        else:
            nxt = doc.next_word(pos)
            title = nxt if nxt is not None and (nxt in _TITLE_SET or nxt.endswith(_JOB_TITLES)) else None
            if title is None and text.startswith("氏", pos):
                title = "氏"
            if title is None:
                continue
        pieces = [t for t in toks[i : i + length + 1] if t.end <= pos]
        name = text[start:pos]
        if any(t.tag not in _NAME_PIECES for t in pieces):
            continue  # 이유로 보위원들한테
        if len(pieces) == 1 and pieces[0].tag != "NNP" and not _given_name_like(name, surname):
            return None  # 이웃 할머니, 오늘 선생님, 우리 선생님 (but 오은정/NNG 동무 is a name Kiwi did not know)
        split = any(t.tag in ("NNP", "XR") for t in pieces) or all(t.end - t.start == 1 for t in pieces)
        if title in _KIN_TITLES and not split:
            return None  # 이웃집 할머니
        if not _plausible(name, surname, blocked) or name[-1] in _PLACE_ENDINGS:
            return None
        return start, pos
    return None


def _given_name_like(name: str, surname: int) -> bool:
    """A surname and two syllables common in given names: a name even where Kiwi tagged it a common noun."""
    given = name[surname:]
    return len(given) == 2 and all(ch in _GIVEN_SYLLABLES for ch in given)


def _bare_name(doc: _Hangul, i: int, blocked: frozenset[str]) -> tuple[int, int] | None:
    """A name without a title: a three-syllable proper noun (김영순은), or pieces Kiwi split one into
    (리/NNP 명철/XR, 성 혜 림); two syllables or a common noun only after a role word (남편 안혁이)."""
    text, toks = doc.text, doc.tokens
    j = doc.nominal_run(i)
    start, end = toks[i].start, toks[j - 1].end
    word = text[start:end]
    surname = _surname_length(word)
    if not surname:
        return None
    bounds = {t.end - start for t in toks[i:j]}
    after = toks[j] if j < len(toks) and toks[j].start == end else None
    first = toks[i]
    first_len = first.end - first.start
    full = surname + 2
    role = doc.previous_word(i).endswith(_ROLES)
    island = not has_hangul(text[max(0, start - _ISLAND) : start]) and not has_hangul(text[end : end + _ISLAND])
    if island and not (first_len == full and all(ch in _GIVEN_SYLLABLES for ch in word[surname:full])):
        return None  # "the 장마당 without a permit"
    if first_len == full and (first.tag == "NNP" or (first.tag == "NNG" and role)):
        stem = full  # 김영순; 남편 리명철
    elif first_len < full and full in bounds:
        pieces = [t for t in toks[i:j] if t.end - start <= full]
        looks_split = (
            first.tag == "NNP"
            or any(t.tag == "XR" for t in pieces)
            or all(t.end - t.start == 1 for t in pieces)
            or (first_len == surname and role)
        )
        if not looks_split:
            return None
        stem = full
    elif role and first_len <= surname + 1 and surname + 1 in bounds and (first.tag == "NNP" or first_len == surname):
        stem = surname + 1  # 남편 안혁, 소대장 최철
    else:
        return None
    name = word[:stem]
    rest = word[stem:]
    nxt = doc.next_word(end) if after is None else None
    if rest:
        if rest.startswith(_HEAD_SUFFIXES) or not (first.tag == "NNP" and first_len == stem):
            return None  # 김일성광장; or pieces glued to more nouns: a compound
    elif nxt is not None and (nxt in _HEAD_SUFFIXES or nxt.endswith(_HEAD_NOUNS)):
        return None  # 김일성 광장, 김형직 사범대학
    if not _plausible(name, surname, blocked) or name[-1] in _PLACE_ENDINGS:
        return None
    if name[-1] in _MAYBE_PLACE_ENDINGS:
        if not rest and after is not None and text[after.start : after.end] in _PLACE_PARTICLES:
            return None
        if nxt is not None and nxt.startswith(_PLACE_NOUNS):
            return None
    return start, start + stem


def _plausible(name: str, surname: int, blocked: frozenset[str]) -> bool:
    """Not a place, institution or loanword."""
    if name in blocked or name[:-1] in blocked:
        return False  # a place and a particle glued on in speech: 남양서 ("from Namyang")
    return not any(_loanword_syllable(ch) for ch in name[surname:])


@cache
def _blocked() -> frozenset[str]:
    """Names of places, facilities and institutions in Hangul, without spaces."""
    from girok.schema.vocabulary import load_vocabularies  # deferred: loading parses the YAML vocabularies

    vocabularies = load_vocabularies()
    hangul: set[str] = set(_KO_BLOCKED)
    for name in ("gazetteer", "institutions", "facility_types"):
        for entry in vocabularies.get(name):
            for alias in entry.names():
                if has_hangul(alias):
                    hangul.add("".join(alias.split()))
    return frozenset(hangul)
