"""Korean personal names in English and Korean text: which names, and their exact spans."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from girok.extract.korean import Token, tokenize
from girok.extract.mentions import PersonMention
from girok.extract.persons import find_persons


def names(text: str) -> list[str]:
    return [m.name for m in find_persons(text)]


def check_spans(text: str, found: list[PersonMention]) -> None:
    for mention in found:
        assert 0 <= mention.start < mention.end <= len(text)
        assert mention.quote == text[mention.start : mention.end]
        assert mention.name == " ".join(mention.quote.split())
        assert mention.name
    assert [m.start for m in found] == sorted(m.start for m in found)
    for left, right in itertools.pairwise(found):
        assert left.end <= right.start


ENGLISH = [
    ("Kim Young-soon was arrested in Hyesan in 1997.", ["Kim Young-soon"]),
    ("Mr. Park Chul-ho told us that Ms. Lee Young Soon had been beaten.", ["Park Chul-ho", "Lee Young Soon"]),
    ("Kim Il Sung, Kim Jong Il and Kim Jong Un ruled the country.", ["Kim Il Sung", "Kim Jong Il", "Kim Jong Un"]),
    ("Kim Il-sung's portrait hung on every wall.", ["Kim Il-sung"]),
    ("Kim Jong-il’s son took power in 2011.", ["Kim Jong-il"]),
    ("Kim Jong Un's sister Kim Yo Jong spoke.", ["Kim Jong Un", "Kim Yo Jong"]),
    ("Young-soon Kim testified in Seoul.", ["Young-soon Kim"]),
    ("Chul-ho Park said the guards beat him.", ["Chul-ho Park"]),
    ("Ri Myong-chol and Choe Ryong Hae attended.", ["Ri Myong-chol", "Choe Ryong Hae"]),
    ("Jang Song Thaek was executed in 2013.", ["Jang Song Thaek"]),
    ("Hwang Jang-yop defected in 1997.", ["Hwang Jang-yop"]),
    ("Shin Dong-hyuk was born in Camp 14.", ["Shin Dong-hyuk"]),
    ("Ahn Myong-chol worked as a guard at Camp 22.", ["Ahn Myong-chol"]),
    ("Moon Jae-in met Kim Jong-un in 2018.", ["Moon Jae-in", "Kim Jong-un"]),
    ("KIM Young-soon, aged 45, was detained.", ["KIM Young-soon"]),
    ("The witness, Mr. Ch'oe Myŏng-ch'ŏl, described the camp.", ["Ch'oe Myŏng-ch'ŏl"]),
    ("Lee Myung-bak and Roh Moo-hyun met twice.", ["Lee Myung-bak", "Roh Moo-hyun"]),
    ("Ms. Kim Hye-sook spent 28 years in Camp 18.", ["Kim Hye-sook"]),
    ("Kang Chol-hwan wrote a memoir about Yodok.", ["Kang Chol-hwan"]),
    ("Ha Young-ho and Oh Jin-woo fled together.", ["Ha Young-ho", "Oh Jin-woo"]),
    ("Son Ho-yeon crossed the Tumen in 2003.", ["Son Ho-yeon"]),
    ("Song Hye-kyo is an actress.", ["Song Hye-kyo"]),
    ("So Kim Young-soon fled across the Tumen.", ["Kim Young-soon"]),
    ("So Kim Young Soon fled across the Tumen.", ["Kim Young Soon"]),
    ("So Yong Chol's family was sent to Hwasong.", ["So Yong Chol"]),
    ("Yun Chol Ho, a former soldier, was interviewed.", ["Yun Chol Ho"]),
    ("Hyon Yong Chol, Ri Sol Ju and Thae Yong Ho.", ["Hyon Yong Chol", "Ri Sol Ju", "Thae Yong Ho"]),
    ("Lim Hyeon-soo and Rim Myong Sik were named.", ["Lim Hyeon-soo", "Rim Myong Sik"]),
    ("In Onsong County, Mun Chol and Jon Kwang-ho were arrested.", ["Mun Chol", "Jon Kwang-ho"]),
    ("The camp guard Pak Chol beat him.", ["Pak Chol"]),
    ("Kim Youngsoon said so.", ["Kim Youngsoon"]),
    ("Human Rights Watch interviewed Lee Soon-ok in Seoul.", ["Lee Soon-ok"]),
    ('Witnesses included "Kim" (a pseudonym) and Pak Young-ho, 45.', ["Pak Young-ho"]),
    (
        "Yi Sang-hwa, Bae Jun-ho, Paek Nam Sun, Hur Jin-hee, Noh Kwang-chul.",
        [
            "Yi Sang-hwa",
            "Bae Jun-ho",
            "Paek Nam Sun",
            "Hur Jin-hee",
            "Noh Kwang-chul",
        ],
    ),
    ("On Monday, Kim Jong Un inspected the Kim Chaek Iron and Steel Complex.", ["Kim Jong Un"]),
    ("Testimony of Kim\nYoung-soon (pseudonym)", ["Kim Young-soon"]),
]

ENGLISH_NONE = [
    "So we ran to the river.",
    "Oh, they beat him every night.",
    "In Hyesan, the bowibu arrested my brother.",
    "In China, brokers sold the women.",
    "In June 1998, they were arrested.",
    "An officer of the bowibu came to the house.",
    "Do you know him?",
    "No one helped us.",
    "Son, come here. Song lyrics were banned. Moon rise. Ha! Go to Chongjin.",
    "Mr. Kim said nothing. Ms. Park refused.",
    "He studied at Kim Il Sung University and Kim Chaek University of Technology.",
    "Kim Il-sung University and the Kim Il Sung Square.",
    "Kim Jong Suk Navy University",
    "She was born in Kimjongsuk County.",
    "The Kim Il Sung-Kim Jong Il Foundation",
    "The Kim regime punishes whole families; the Kim family rules.",
    "We went to the Han River and flew to Hong Kong.",
    "Zhang Wei, a Chinese broker, helped her.",
    "Park Hotel was closed. Park Avenue.",
    "In Pyong Yang we lived well.",
    "Do Not Enter",
    "Kim",
    "",
]

KOREAN = [
    ("김영순 씨가 요덕으로 끌려갔다.", ["김영순"]),
    ("나랑 같이 들어간 오은정 동무는 배가 고파서 울었다.", ["오은정"]),  # Kiwi tags 오은정 a common noun
    ("이철호는 혜산에서 체포되었다.", ["이철호"]),
    ("리명철 동무와 김정숙군에서 만났다.", ["리명철"]),
    ("남궁민수 씨를 만났다.", ["남궁민수"]),
    ("황보영철이 말했다.", ["황보영철"]),
    ("최순희 할머니가 증언했다.", ["최순희"]),
    ("나는 김정은의 사진을 보았다.", ["김정은"]),
    ("정영수가 온성군 보위부 구류장에 있었다.", ["정영수"]),
    ("선우철 씨", ["선우철"]),
    ("김영순이가 왔다", ["김영순"]),
    ("김영순씨는 말했다", ["김영순"]),
    ("김영순님께 드립니다", ["김영순"]),
    ("김영순 氏", ["김영순"]),
    ("이창동이 말했다", ["이창동"]),
    ("김혜리의 증언", ["김혜리"]),
    ("김정숙 여사", ["김정숙"]),
    ("김정은 국무위원장이 지시했다", ["김정은"]),
    ("리설주, 최룡해, 장성택, 현영철, 김여정", ["리설주", "최룡해", "장성택", "현영철", "김여정"]),
    ("탈북민 박영철(가명, 45세)은 증언했다", ["박영철"]),
    ("김철 선생이 가르쳤다", ["김철"]),
    ("박정희 대통령", ["박정희"]),
    ("안명철 씨는 경비대원이었다", ["안명철"]),
    ("신동혁은 14호 관리소에서 태어났다", ["신동혁"]),
    ("이순옥 씨의 증언", ["이순옥"]),
    ("그녀의 남편 오영남은 체포되었다", ["오영남"]),
    ("경비대 소대장 최철이 때렸다", ["최철"]),
    ("김정일 시대에 배급이 끊겼다", ["김정일"]),
    ("남한에서 이영희 씨를 만났다", ["이영희"]),
    ("성혜림 씨는 모스크바에서 죽었다", ["성혜림"]),
    ("강철민 동지가 왔다", ["강철민"]),
    ("강철환과 안명철은 요덕에서 살았다", ["강철환", "안명철"]),
    ("안전원 김철수가 나를 때렸다", ["김철수"]),
    ("구류장 계호원 양철호가 나를 발로 찼다.", ["양철호"]),
    ("동생 정혜경과 함께 두만강을 건넜다.", ["정혜경"]),
    ("2012년 전거리에서 출소한 한금옥 씨는 증언했다.", ["한금옥"]),
    ("2013년 5월 Hoeryong에 살던 김순옥 씨는 말했다.", ["김순옥"]),
    ("Her friend 최선희 died there of typhoid.", ["최선희"]),
    ("Kim Young-soon (김영순) and 이철호 씨", ["Kim Young-soon", "김영순", "이철호"]),
]

KOREAN_NONE = [
    "박 씨는 보위부에 잡혀갔다.",
    "기래서 내레 남양서 도문으로 넘어갔다. 우리 오마니는 앓아누웠디요.",  # dialect, a place with 서
    "중국 당국이 지린성 일대에서 체포했다. 송환자들은 집결소로 넘겨졌다. 처형 이튿날 추방되었다.",
    "김 할머니는 울었다. 김씨는 왔다. 허씨는 말했다.",
    "정 씨 아주머니가 왔다. 김 모씨가 말했다.",
    "김일성종합대학을 졸업했다.",
    "김일성광장에서 행사가 열렸다.",
    "김형직 사범대학을 나왔다.",
    "김정숙군과 김형직군은 량강도에 있다.",
    "김책시에서 태어났다. 송림시에서 왔다.",
    "백두산에 올랐다. 백두산의 정기.",
    "황해도 출신이다. 양강도 혜산시에서 살았다.",
    "신의주에서 도강했다. 신의주시 보위부에 끌려갔다.",
    "김정일화를 심었다.",
    "남동생과 함께 왔다. 인민반장이 왔다.",
    "이웃 할머니가 도와주었다. 이웃집 할머니가 도와주었다. 주인 아저씨.",
    "오늘 선생님이 오셨다. 우리 선생님은 좋았다.",
    "다는 이유로 보위원들한테 잡혔다.",
    "조선인민군에 입대했다. 조선족 브로커가 도왔다. 한국에 왔다.",
    "오바마 대통령. 라오스를 거쳐 왔다. 하얼빈에서 일했다.",
    "이 사람은 누구인가. 고난의 행군 시기.",
    "정치범수용소에 수감되었다. 안전부 대기실에 갇혀 있었다.",
    "우리는 장마당에서 장사를 했다. 안전원이 와서 물건을 빼앗았다.",
    "for selling Chinese clothes at the 장마당 without a permit",
    "요덕, 혜산, 보위부, 국경경비대, 노동단련대, 전거리 교화소",
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_english_names(text: str, expected: list[str]) -> None:
    found = find_persons(text)
    check_spans(text, found)
    assert [m.name for m in found] == [" ".join(e.split()) for e in expected]


@pytest.mark.parametrize("text", ENGLISH_NONE)
def test_english_non_names(text: str) -> None:
    assert names(text) == []


@pytest.mark.parametrize(("text", "expected"), KOREAN)
def test_korean_names(text: str, expected: list[str]) -> None:
    found = find_persons(text)
    check_spans(text, found)
    assert [m.name for m in found] == expected


@pytest.mark.parametrize("text", KOREAN_NONE)
def test_korean_non_names(text: str) -> None:
    assert names(text) == []


def test_title_is_left_out_of_the_quote() -> None:
    text = "Mr. Park Chul-ho told us."
    [mention] = find_persons(text)
    assert (mention.start, mention.end, mention.quote, mention.name) == (4, 16, "Park Chul-ho", "Park Chul-ho")
    assert mention.contract() == {"name": "Park Chul-ho", "start": 4, "end": 16}


def test_honorific_and_particle_are_left_out() -> None:
    text = "그때 김영순 씨가 말했다."
    [mention] = find_persons(text)
    assert (mention.start, mention.end, mention.quote) == (3, 6, "김영순")
    [mention] = find_persons("김영순씨는")
    assert (mention.start, mention.end, mention.quote) == (0, 3, "김영순")


def test_name_broken_over_a_line_keeps_its_quote() -> None:
    text = "the testimony of Kim\nYoung-soon was heard"
    [mention] = find_persons(text)
    assert mention.quote == "Kim\nYoung-soon"
    assert mention.name == "Kim Young-soon"


def test_given_tokens_are_used() -> None:
    text = "남편 리명철은 혜산에서 Kim Young-soon 씨를 만났다."
    assert find_persons(text, tokenize(text)) == find_persons(text)
    assert names(text) == ["리명철", "Kim Young-soon"]
    # tokens of the caller are trusted: none given, no Hangul names
    assert [m.name for m in find_persons(text, [])] == ["Kim Young-soon"]


def test_tokens_out_of_range_are_ignored() -> None:
    text = "김영순 씨"
    tokens = [*tokenize(text), Token("x", "NNP", -3, 2, "x"), Token("y", "NNP", 4, 99, "y")]
    assert [m.name for m in find_persons(text, tokens)] == ["김영순"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\x02",
        "Kim\x00Young-soon",
        "Kim\ud800 Young-soon 김영순\ud800 씨",
        "\ud800\udfff",
        "Kim영순 씨, 김Young-soon",
        "e\u0301 Kim Yo\u0306ng-ch\u02bco\u0306l",
        "\ufeffKim Il Sung",
        "----''''''---- Kim - - Young",
        "ㄱㄴㄷ 김 ㅇㅇ 씨",
        "😀😀 김영순 씨가 왔다 😀 Kim Young-soon",
    ],
)
def test_odd_input_does_not_crash(text: str) -> None:
    check_spans(text, find_persons(text))


def test_lone_surrogates_keep_offsets() -> None:
    text = "\ud800김영순 씨가 왔다"
    [mention] = find_persons(text)
    assert (mention.start, mention.quote) == (1, "김영순")


def test_megabyte_single_line() -> None:
    line = "Kim Young-soon was beaten by Mr. Park in Hyesan. So we ran. Kim Il Sung University. " * 12_000
    assert len(line) > 1_000_000
    found = find_persons(line)
    assert len(found) == 12_000
    check_spans(line, found)
    for degenerate in ("Kim " * 250_000, "Kim-" * 250_000, "K" * 1_000_000, "'-" * 500_000, " " * 1_000_000):
        check_spans(degenerate, find_persons(degenerate))


def test_megabyte_of_hangul_with_given_tokens() -> None:
    # Kiwi's own time is not under test here: the tokens are made up, the name rules must stay linear.
    text = "김영순 " * 250_000
    tokens = [Token("김영순", "NNP", 4 * i, 4 * i + 3, "김영순") for i in range(250_000)]
    assert len(find_persons(text, tokens)) == 250_000
    glued = "김" * 1_000_000
    tokens = [Token("김", "NNP", i, i + 1, "김") for i in range(len(glued))]
    assert find_persons(glued, tokens) == []


def test_long_korean_line_through_kiwi() -> None:
    text = "김영순 씨가 요덕으로 끌려갔다. 이철호는 혜산에서 체포되었다. " * 2_000
    found = find_persons(text)
    assert [m.name for m in found] == ["김영순", "이철호"] * 2_000
    check_spans(text, found)


FRAGMENTS = [
    "Kim", "Park", "Lee", "Ri", "So", "Oh", "In", "Mr.", "Ms. ", "Young-soon", "Chul-ho", "Il", "Sung", "Jong",
    "Un", "University", "Hyesan", "Kimjongsuk", "'s", "’", "-", " ", "  ", "\n", ", ", ". ", "(", ")", "\x00",
    "김", "영순", "김영순", "리명철", "씨", "씨가", " 씨", "동무", "할머니", "이", "는", "의", "요덕", "혜산",
    "김정숙군", "보위부", "박", "선우", "남궁", "ŏ", "\u0306", "氏", "😀", "ㄱ", "1997", "년",
]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).map("".join))
def test_offsets_are_valid(text: str) -> None:
    check_spans(text, find_persons(text))


@settings(max_examples=100)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_any_text_offsets_are_valid(text: str) -> None:
    check_spans(text, find_persons(text))
