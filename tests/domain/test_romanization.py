"""Tests for girok.domain.romanization: RR, MR, North Korean and English spellings fold together."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from girok.domain.romanization import hangul_to_latin, latin_syllables, match_keys, skeleton

SAME_WORD = [
    ["Yodok", "Yodŏk", "Yodeok", "Yoduk", "요덕", "YODOK", "yo-dok"],
    ["Pyongyang", "P'yŏngyang", "Pyeongyang", "Phyongyang", "평양", "P’yŏngyang", "Pyong-yang"],
    ["Chongjin", "Ch'ŏngjin", "Cheongjin", "청진"],
    ["Hoeryong", "회령", "Hoeryeong", "Hoeryŏng"],
    ["Hamgyong-pukto", "Hamgyeongbuk-do", "함경북도", "Hamgyŏng-pukto", "Hamgyong pukto"],
    ["Ri Yong Ho", "Lee Yong-ho", "Yi Yongho", "리용호", "이용호", "RI Yong-Ho", "Rhee Yong Ho", "I Yong-ho"],
    ["Kaechon", "Gaecheon", "Kae'chŏn", "개천"],
    ["Kim Jong Un", "김정은", "Kim Jong-un", "Kim Jŏng-ŭn"],
    ["Park", "Pak", "Bak", "박"],
    ["Choi", "Choe", "Ch'oe", "최"],
    ["Kim", "Gim", "Ghim", "김"],
    ["Kim Young-ho", "김영호", "Kim Yŏng-ho", "Gim Yeongho"],
    ["Rason", "Naseon", "라선", "나선", "Rasŏn"],
    ["Ryanggang", "Yanggang", "량강", "양강", "Ryanggang-do"[:9]],
    ["Chongori", "Chongo-ri", "Jongo-ri", "전거리", "Chŏn'gŏ-ri"],
    ["Rodong-danryondae", "로동단련대", "Nodong-dallyeondae", "노동단련대"],
    ["kwalliso", "gwalliso", "관리소", "Kwan-li-so"],
    ["Sinuiju", "Sinŭiju", "신의주"],
    ["Hamhung", "Hamhŭng", "Hamheung", "함흥"],
    ["Kangwon", "Kangwŏn", "Gangwon", "강원"],
    ["Hwasong", "Hwasŏng", "Hwaseong", "화성"],
    ["Pukchang", "Bukchang", "북창"],
    ["Nampo", "Namp'o", "Nampho", "남포"],
    ["Kaesong", "Kaesŏng", "Gaeseong", "개성"],
    ["Ahn", "An", "안"],
    ["Oh", "O", "오"],
    ["Whang", "Hwang", "황"],
    ["Yoon", "Youn", "Yun", "윤"],
    ["Woo", "U", "우"],
    ["Lim", "Rim", "Im", "Yim", "Leem", "림", "임"],
    ["Ryu", "Yoo", "Yu", "류", "유"],
    ["Roh", "Noh", "No", "Ro", "로", "노"],
    ["Thae", "T'ae", "Tae", "태"],
    ["Phyo", "P'yo", "Pyo", "표"],
    ["Huh", "Hur", "Heo", "Hŏ", "허"],
    ["Paik", "Baek", "Paek", "백"],
    ["Jung", "Chung", "Jeong", "Jong", "Chŏng", "정"],
    ["Eom", "Um", "Uhm", "Ŏm", "엄"],
    ["Min Hyuk", "Min-hyuk", "Minhyuk", "Min-Hyuk", "Min Hyŏk", "Min Hyeok", "민혁"],
    ["Silla", "Sinra", "신라"],
    ["Jongno", "Chongno", "종로"],
    ["Tongnip", "Dongnip", "독립"],
    ["Cheorwon", "Ch'ŏrwŏn", "철원"],
    ["Hankuk", "Hanguk", "Han'guk", "한국"],
]

DIFFERENT_WORDS = [
    ("Hyesan", "Haeju"),
    ("Musan", "Manpo"),
    ("Hoeryong", "Hwasong"),
    ("Onsong", "Wonsan"),
    ("Kaechon", "Kaesong"),
    ("Chongjin", "Changjin"),
    ("Pyongyang", "Pyongsong"),
    ("Sinuiju", "Sariwon"),
    ("Kim", "Kang"),
    ("Pak", "Paek"),
    ("Yodok", "Yonsan"),
    ("Hamhung", "Hamgyong"),
    ("Nampo", "Namyang"),
    ("Kanggye", "Kangwon"),
    ("혜산", "해주"),
    ("무산", "만포"),
    ("Ri Yong Ho", "Ri Yong Nam"),
    ("Kim Jong Un", "Kim Jong Il"),
    ("Choi", "Cho"),
    ("Hyesan", "Hwasong"),
]


@pytest.mark.parametrize("spellings", SAME_WORD, ids=lambda group: group[0])
def test_spellings_of_one_word_share_a_key(spellings: list[str]) -> None:
    common = frozenset.intersection(*(match_keys(s) for s in spellings))
    assert common, {s: sorted(match_keys(s)) for s in spellings}


@pytest.mark.parametrize(("left", "right"), DIFFERENT_WORDS)
def test_different_words_share_no_key(left: str, right: str) -> None:
    assert not match_keys(left) & match_keys(right)


def test_keys_are_short_ascii() -> None:
    for spellings in SAME_WORD:
        for text in spellings:
            for key in match_keys(text):
                assert key.isascii() and key.isalnum() and key.upper() == key
                assert len(key) <= 2 * len(text) + 4


def test_initial_sound_rule_yields_both_keys() -> None:
    assert match_keys("리용호") == {"LIYOGHO", "IYOGHO"}
    assert match_keys("이용호") == {"IYOGHO"}
    assert match_keys("Rason") == {"LASON", "NASON"}


@pytest.mark.parametrize("text", ["", "   ", "---", "金英浩", "!?", "ㄱㄴ"])
def test_text_without_letters_has_no_keys(text: str) -> None:
    assert match_keys(text) == frozenset()


def test_digits_are_kept() -> None:
    assert match_keys("Camp 15") != match_keys("Camp 14")
    assert match_keys("No. 22") == match_keys("no 22")


@pytest.mark.parametrize("text", ["ngll", "Kangllung", "kll nll", "광릉"])
def test_assimilation_terminates(text: str) -> None:
    assert match_keys(text)


def test_mixed_scripts_are_folded_together() -> None:
    assert match_keys("요덕 camp") & match_keys("Yodok Camp")


def test_hangul_to_latin() -> None:
    assert hangul_to_latin("평양") == "pyeongyang"
    assert hangul_to_latin("함경북도") == "hamgyeongbukdo"
    assert hangul_to_latin("Camp 15 요덕") == "Camp 15 yodeok"
    assert hangul_to_latin("의") == "ui"


def test_skeleton_is_as_written() -> None:
    assert skeleton("Ri") == "LI"
    assert skeleton("") == ""


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("Yongho", ["yong", "ho"]),
        ("Kaechon", ["kae", "chon"]),
        ("Pyongyang", ["pyong", "yang"]),
        ("Minhyuk", ["min", "hyuk"]),
        ("Hoeryong", ["hoe", "ryong"]),
        ("Hamgyeongbuk", ["ham", "gyeong", "buk"]),
        ("P'yŏngyang", ["pyong", "yang"]),
        ("Kim", ["kim"]),
        ("평양", ["pyeong", "yang"]),
        ("", []),
        ("ng", ["ng"]),
        ("가으", ["ga", "eu"]),
        ("Ri Yong-ho", ["ri", "yong", "ho"]),
    ],
)
def test_latin_syllables(word: str, syllables: list[str]) -> None:
    assert latin_syllables(word) == syllables


# --- property tests -------------------------------------------------------------------------------------

hangul_syllable = st.integers(min_value=0xAC00, max_value=0xD7A3).map(chr)
hangul_word = st.lists(hangul_syllable, min_size=1, max_size=5).map("".join)

_MR_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'", "k'", "t'",
                "p'", "h")  # fmt: skip
_NK_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch", "kh", "th",
                "ph", "h")  # fmt: skip
_MR_MEDIALS = ("a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u", "wŏ", "we",
               "wi", "yu", "ŭ", "ŭi", "i")  # fmt: skip
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t",
           "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip


def _other_system(word: str, initials: tuple[str, ...], strip_marks: bool) -> str:
    """A rough McCune-Reischauer or North Korean spelling of a Hangul word, syllables hyphenated."""
    parts = []
    for ch in word:
        initial, rest = divmod(ord(ch) - 0xAC00, 21 * 28)
        medial, final = divmod(rest, 28)
        text = initials[initial] + _MR_MEDIALS[medial] + _FINALS[final]
        if strip_marks:
            text = text.replace("ŏ", "o").replace("ŭ", "u")
        parts.append(text)
    return "-".join(parts)


@given(hangul_word)
def test_hangul_and_its_hyphenated_romanization_fold_identically(word: str) -> None:
    assert skeleton(word) == skeleton("-".join(hangul_to_latin(ch) for ch in word))


@given(hangul_word)
def test_mr_spelling_shares_a_key_with_hangul(word: str) -> None:
    assert skeleton(_other_system(word, _MR_INITIALS, strip_marks=False)) == skeleton(word)


@given(hangul_word)
def test_north_korean_spelling_shares_a_key_with_hangul(word: str) -> None:
    assert skeleton(_other_system(word, _NK_INITIALS, strip_marks=True)) == skeleton(word)


@given(st.lists(hangul_syllable, min_size=1, max_size=4), st.sampled_from([" ", "-", "' "]))
def test_separators_do_not_change_the_skeleton(syllables: list[str], sep: str) -> None:
    romanized = [hangul_to_latin(s) for s in syllables]
    assert skeleton(sep.join(romanized)) == skeleton("".join(syllables))


@given(hangul_word)
def test_case_does_not_matter(word: str) -> None:
    latin = hangul_to_latin(word)
    assert match_keys(latin.upper()) == match_keys(latin) == match_keys(latin.title())


@given(st.text(max_size=40))
def test_any_text_gives_ascii_keys(text: str) -> None:
    for key in match_keys(text):
        assert key and key.isascii() and key.isalnum()


@given(hangul_word)
def test_fold_is_idempotent_on_keys(word: str) -> None:
    # a key is itself a (folded) spelling: folding it again keeps it among its own keys' neighbours
    for key in match_keys(word):
        assert skeleton(key) == skeleton(skeleton(key))
