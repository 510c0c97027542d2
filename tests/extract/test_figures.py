"""Tests for girok.extract.figures: quantities with units in English and Korean prose, with exact spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spans import check_offsets

from girok.extract.figures import UNITS, find_figures
from girok.extract.mentions import FigureMention

# (sentence, [(value, low, high, unit, quote), ...]) in text order.
FOUND = [
    # people
    (
        "An estimated 80,000 to 120,000 political prisoners are held in four camps.",
        [
            (None, 80000, 120000, "people", "80,000 to 120,000 political prisoners"),
            (4, None, None, "items", "four camps"),
        ],
    ),
    (
        "The Commission estimates that between 80,000 and 120,000 political prisoners are detained.",
        [(None, 80000, 120000, "people", "between 80,000 and 120,000 political prisoners")],
    ),
    (
        "The number of political prisoners is estimated at 80,000-120,000.",
        [(None, 80000, 120000, "people", "80,000-120,000")],
    ),
    (
        "The death toll was estimated at between 600,000 and 1 million.",
        [(None, 600000, 1000000, "people", "between 600,000 and 1 million")],
    ),
    (
        "Estimates of famine deaths range from 600,000 to 2.5 million.",
        [(None, 600000, 2500000, "people", "600,000 to 2.5 million")],
    ),
    # counts written as transcripts speak
    ("Only two of them came back.", [(2, None, None, "people", "two")]),
    ("Three bowiwon came to the house.", [(3, None, None, "people", "Three bowiwon")]),
    ("대기실에 열흘 있었어요.", [(10, None, None, "days", "열흘")]),
    ("답: 한 40일? 그다음에 집결소로 갔지요.", [(40, None, None, "days", "40일")]),
    ("리창수 씨의 아내와 세 자녀가 실려 갔다.", [(3, None, None, "people", "세 자녀")]),
    ("같이 간 에미나이 둘도 팔려 갔어요.", [(2, None, None, "people", "에미나이 둘")]),
    ("나올 때 38키로였습네다.", [(38, None, None, "kg", "38키로")]),
    ("그 자리에서 각각 9발의 총탄을 맞았다.", [(9, None, None, "items", "9발")]),
    # a bare large number that people suffer, or after a heading of the dead
    ("Famine deaths: 1 to 2 million.", [(None, 1000000, 2000000, "people", "1 to 2 million")]),
    ("The famine killed 600,000 to 1 million.", [(None, 600000, 1000000, "people", "600,000 to 1 million")]),
    ("Up to 120,000 are held in the camps.", [(120000, None, None, "people", "120,000")]),
    (
        "It is estimated that 1 to 2 million people died.",
        [(None, 1000000, 2000000, "people", "1 to 2 million people")],
    ),
    ("1.5 million people died.", [(1500000, None, None, "people", "1.5 million people")]),
    (
        "Some 33,000 North Korean refugees have arrived in South Korea since 1998.",
        [(33000, None, None, "people", "33,000 North Korean refugees")],
    ),
    ("Over 33,000 defectors now live in the South.", [(33000, None, None, "people", "33,000 defectors")]),
    ("About 200 women were repatriated.", [(200, None, None, "people", "200 women")]),
    ("A 17-year-old girl was executed in front of 1,000 people.", [(1000, None, None, "people", "1,000 people")]),
    ("In 1997, 3 million people may have died.", [(3000000, None, None, "people", "3 million people")]),
    (
        "A dozen guards watched three prisoners.",
        [(12, None, None, "people", "A dozen guards"), (3, None, None, "people", "three prisoners")],
    ),
    ("Two hundred and fifty people were arrested.", [(250, None, None, "people", "Two hundred and fifty people")]),
    ("Nearly half a million people were displaced.", [(500000, None, None, "people", "half a million people")]),
    ("Ten of the prisoners died.", [(10, None, None, "people", "Ten of the prisoners")]),
    ("Two or three guards beat him.", [(None, 2, 3, "people", "Two or three guards")]),
    ("2000 political prisoners were moved.", [(2000, None, None, "people", "2000 political prisoners")]),
    # items
    (
        "The database records 5,181 violations in 12 camps.",
        [(5181, None, None, "items", "5,181 violations"), (12, None, None, "items", "12 camps")],
    ),
    # money
    ("The broker charged $3,000 per person.", [(3000, None, None, "USD", "$3,000")]),
    ("She paid US$ 5,000 to 8,000 to brokers.", [(None, 5000, 8000, "USD", "US$ 5,000 to 8,000")]),
    ("Her family paid 5,000 yuan to the border guard.", [(5000, None, None, "CNY", "5,000 yuan")]),
    ("He paid 1.5 million won in bribes.", [(1500000, None, None, "KRW", "1.5 million won")]),
    ("A kilo of rice cost 2,000 North Korean won.", [(2000, None, None, "KRW", "2,000 North Korean won")]),
    ("The fine was 3,000 US dollars.", [(3000, None, None, "USD", "3,000 US dollars")]),
    (
        "The NGO received €500 and EUR 1,200.",
        [(500, None, None, "EUR", "€500"), (1200, None, None, "EUR", "EUR 1,200")],
    ),
    # percent
    ("About 70 percent of the defectors are women.", [(70, None, None, "percent", "70 percent")]),
    ("60-70% of prisoners died.", [(None, 60, 70, "percent", "60-70%")]),
    ("Some 28 per cent of children are stunted.", [(28, None, None, "percent", "28 per cent")]),
    # durations
    ("He was sentenced to 15 years of reform through labour.", [(15, None, None, "years", "15 years")]),
    ("She received a 10-year sentence in 2005.", [(10, None, None, "years", "10-year")]),
    (
        "He served two years and six months.",
        [(2, None, None, "years", "two years"), (6, None, None, "months", "six months")],
    ),
    ("They were held for 3 to 5 days.", [(None, 3, 5, "days", "3 to 5 days")]),
    ("He spent twenty-five years in Camp 15.", [(25, None, None, "years", "twenty-five years")]),
    # distance and weight
    ("They walked 20 km to the river.", [(20, None, None, "km", "20 km")]),
    ("The camp is 40 kilometres from the border.", [(40, None, None, "km", "40 kilometres")]),
    ("Each prisoner received 300 grams of corn a day.", [(0.3, None, None, "kg", "300 grams")]),
    ("He carried 20kg of rice.", [(20, None, None, "kg", "20kg")]),
    ("4,000-5,000 tonnes of rice were diverted.", [(None, 4000, 5000, "tonnes", "4,000-5,000 tonnes")]),
    # Korean
    ("정치범 12만 명이 수용되어 있다.", [(120000, None, None, "people", "12만 명")]),
    ("정치범수용소에 약 12만 명이 수용되어 있는 것으로 추정된다.", [(120000, None, None, "people", "12만 명")]),
    ("탈북자 3만여 명이 한국에 입국했다.", [(30000, None, None, "people", "3만여 명")]),
    ("그 해 3천 명이 공개처형을 당했다.", [(3000, None, None, "people", "3천 명")]),
    ("약 2백만 명이 굶어 죽었다.", [(2000000, None, None, "people", "2백만 명")]),
    ("10여 명이 함께 끌려갔다.", [(10, None, None, "people", "10여 명")]),
    ("두 명이 맞아 죽었다.", [(2, None, None, "people", "두 명")]),
    ("10만 명에서 12만 명 사이로 추정된다.", [(None, 100000, 120000, "people", "10만 명에서 12만 명")]),
    ("10~12만 명이 수감되어 있다.", [(None, 100000, 120000, "people", "10~12만 명")]),
    ("1997년 고난의 행군 시기에 300만 명이 굶어 죽었다.", [(3000000, None, None, "people", "300만 명")]),
    ("그는 교화소에서 5년을 복역했다.", [(5, None, None, "years", "5년")]),
    ("그는 15년형을 선고받았다.", [(15, None, None, "years", "15년")]),
    ("97년에 탈북해서 중국에서 3년 동안 살았다.", [(3, None, None, "years", "3년")]),
    ("그는 노동단련대에서 6개월 동안 강제노동을 했다.", [(6, None, None, "months", "6개월")]),
    ("구류장에서 10일 동안 조사를 받았다.", [(10, None, None, "days", "10일")]),
    ("석 달 동안 갇혀 있었다.", [(3, None, None, "months", "석 달")]),
    ("응답자의 60%가 고문을 목격했다.", [(60, None, None, "percent", "60%")]),
    ("응답자의 60퍼센트가 고문을 목격했다.", [(60, None, None, "percent", "60퍼센트")]),
    ("브로커에게 3,000달러를 주었다.", [(3000, None, None, "USD", "3,000달러")]),
    ("브로커에게 3천 위안을 주었다.", [(3000, None, None, "CNY", "3천 위안")]),
    ("당시 쌀 1kg이 3,000원이었다.", [(1, None, None, "kg", "1kg"), (3000, None, None, "KRW", "3,000원")]),
    ("벌금으로 3만 원을 냈다.", [(30000, None, None, "KRW", "3만 원")]),
    ("국경까지 20킬로미터를 걸었다.", [(20, None, None, "km", "20킬로미터")]),
    (
        "수용소 12곳에서 5,181건의 위반이 기록되었다.",
        [(12, None, None, "items", "12곳"), (5181, None, None, "items", "5,181건")],
    ),
]

# Subjects: what is counted, when the text says.
SUBJECTS = [
    ("An estimated 120,000 political prisoners are held.", "political prisoners"),
    ("There were 2 million famine deaths.", "famine deaths"),
    ("Some 33,000 North Korean defectors live in Seoul.", "North Korean defectors"),
    ("60% of the prisoners died.", "prisoners"),
    ("The number of political prisoners is estimated at 120,000.", "political prisoners"),
    ("정치범 12만 명이 수용되어 있다.", "정치범"),
    ("탈북자 약 3만 명이 입국했다.", "탈북자"),
    ("12만 명의 정치범이 수용되어 있다.", "정치범"),
    ("3,000 people were arrested.", "people"),
    ("He served 5 years.", ""),
]

# Text that names no figure.
NOTHING = [
    "3월 10일을 기억한다.",  # a day of a month
    "하루 종일 서 있었다.",  # all day, not one day
    "About 200 died.",  # small bare numbers stay unread: "3 died" may be anything
    "He was 17 years old when he was sent to the camp.",
    "A 17-year-old girl was arrested.",
    "She was arrested aged 17.",
    "At the age of 15 she crossed the river.",
    "He was held in Camp 15 and later Camp No. 16.",
    "See page 12, para. 15 and Article 60.",
    "The 2nd and 3rd floors were cells.",
    "He was called in at 10:30 and released at 3 pm.",
    "Two years later he escaped again.",
    "He fled 3 years ago.",
    "Hundreds of thousands died; tens of thousands were sent to camps.",
    "Several thousand people and dozens of children were there.",
    "Hundreds of people watched.",
    "In 1997 the famine peaked.",
    "From 1995 to 1998 the famine raged.",
    "He stayed there two weeks and 3 hours.",
    "1 in 4 children is stunted.",
    "COVID-19 cases were not reported.",
    "17살 때 처음 잡혀갔다.",
    "그는 17세였다.",
    "제15호 관리소에는 수십 명의 가족이 있었다.",
    "15호 관리소로 이송되었다.",
    "3월 10일 새벽에 끌려갔다.",
    "3년 전에 탈북했다.",
    "2년 후 다시 잡혔다.",
    "1인당 배급은 없었다.",
    "3인조가 왔다.",
    "원산 3원산",
    "97년에 탈북했다.",
    "1997년 3월 12일",
    "수천 명, 수백 명, 수십 명, 몇 명",
    "",
    "\x00\x01\x02",
]


def _rows(mentions: list[FigureMention]) -> list[tuple[float | None, float | None, float | None, str, str]]:
    return [(m.value, m.low, m.high, m.unit, m.quote) for m in mentions]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_finds_figures(text: str, expected: list[tuple[float | None, float | None, float | None, str, str]]) -> None:
    mentions = find_figures(text)
    assert _rows(mentions) == [(v, lo, hi, unit, quote) for v, lo, hi, unit, quote in expected]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.quote
        assert mention.unit in UNITS
        assert (mention.value is None) == (mention.low is not None) == (mention.high is not None)


@pytest.mark.parametrize(("text", "subject"), SUBJECTS)
def test_subject(text: str, subject: str) -> None:
    (mention,) = find_figures(text)
    assert mention.subject == subject


@pytest.mark.parametrize("text", NOTHING)
def test_finds_nothing(text: str) -> None:
    assert find_figures(text) == []


def test_dates_are_never_figures() -> None:
    text = "In 1997 people starved; 1997년 3월에 3천 명이 죽었다; from 1995 to 1998; 2000 prisoners."
    assert _rows(find_figures(text)) == [
        (3000, None, None, "people", "3천 명"),
        (2000, None, None, "people", "2000 prisoners"),
    ]


def test_contract_fields() -> None:
    (mention,) = find_figures("between 600,000 and 1 million famine deaths")
    assert mention.contract() == {
        "value": None,
        "low": 600000,
        "high": 1000000,
        "unit": "people",
        "start": 0,
        "end": 43,
        "quote": "between 600,000 and 1 million famine deaths",
    }


def test_large_single_line_completes() -> None:
    unit = "In the spring of 1997, 80,000 to 120,000 political prisoners; 정치범 12만 명; $3,000; 60%; 5년. "
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    mentions = find_figures(text)
    assert len(mentions) > 10_000
    check_offsets(text, mentions)


@pytest.mark.parametrize(
    "text",
    ["1" * 200_000, "1 " * 50_000, "1," * 100_000, "one " * 40_000, "1만" * 50_000, "number of prisoners 1 " * 5000],
)
def test_degenerate_long_inputs(text: str) -> None:
    check_offsets(text, find_figures(text))


@given(st.text(max_size=300))
def test_offsets_valid_on_any_text(text: str) -> None:
    check_offsets(text, find_figures(text))


_NUMBER_ALPHABET = "0123456789 ,.-~%$€₩만천백억여명년개월일원달러위안 tomillionandbetweenpeopleyearsof\n\x00"


@given(st.text(alphabet=_NUMBER_ALPHABET, max_size=200))
def test_offsets_valid_on_number_like_text(text: str) -> None:
    mentions = find_figures(text)
    check_offsets(text, mentions)
    for mention in mentions:
        assert mention.unit in UNITS
        if mention.value is None:
            assert mention.low is not None and mention.high is not None and mention.low < mention.high
