"""Tests for girok.extract.dates: absolute dates in English and Korean prose, with exact spans."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spans import check_offsets

from girok.extract.dates import find_dates
from girok.extract.mentions import DateMention

# (sentence, [(value, quote), ...]) in text order.
FOUND = [
    # years in context
    ("In 1997 he fled to China.", [("1997", "1997")]),
    ("In 1997 prisoners were moved to Camp 18.", [("1997", "1997")]),
    ("The 2009 currency reform wiped out their savings.", [("2009", "2009")]),
    ("In late 2009 the currency reform wiped out savings.", [("2009", "2009")]),
    ("By mid-2011, the crackdown on border crossers had intensified.", [("2011", "2011")]),
    ("He was repatriated twice, in 2002 and 2004.", [("2002", "2002"), ("2004", "2004")]),
    ("그는 1997년 탈북했다.", [("1997", "1997년")]),
    ("1997 년에 그는 체포되었다.", [("1997", "1997 년")]),
    # month and year
    ("She was arrested in March 1997 and sent to Yodok.", [("1997-03", "March 1997")]),
    ("He returned in Sept. 2004 and was arrested.", [("2004-09", "Sept. 2004")]),
    ("It was Mar. 1997 when the rations stopped.", [("1997-03", "Mar. 1997")]),
    ("In March of 1997 the rations stopped.", [("1997-03", "March of 1997")]),
    ("2003년 10월, 그녀는 강제송환되었다.", [("2003-10", "2003년 10월")]),
    ("The report is dated 2014-06.", [("2014-06", "2014-06")]),
    # full dates
    ("He crossed the Tumen River on 12 March 1998.", [("1998-03-12", "12 March 1998")]),
    ("On March 12, 1998, he was repatriated from China.", [("1998-03-12", "March 12, 1998")]),
    ("She was born on the 5th of May, 1985 in Hyesan.", [("1985-05-05", "5th of May, 1985")]),
    ("The interview took place on 2014-06-05 in Seoul.", [("2014-06-05", "2014-06-05")]),
    ("The order was issued on 1997.3.12 by the county.", [("1997-03-12", "1997.3.12")]),
    ("그는 1997년 3월 12일 국경을 넘었다.", [("1997-03-12", "1997년 3월 12일")]),
    ("그는 2010. 5. 3. 체포되었다.", [("2010-05-03", "2010. 5. 3.")]),
    # seasons
    ("In the spring of 1997 the food rations stopped.", [("1997-03/1997-05", "the spring of 1997")]),
    ("They left in spring 1998.", [("1998-03/1998-05", "spring 1998")]),
    ("He crossed the frozen river in the winter of 1996.", [("1996-12/1997-02", "the winter of 1996")]),
    ("It was the autumn of 2005.", [("2005-09/2005-11", "the autumn of 2005")]),
    ("The winter of 1997/98 was the hardest.", [("1997-12/1998-02", "The winter of 1997/98")]),
    ("1997년 봄에 배급이 끊겼다.", [("1997-03/1997-05", "1997년 봄")]),
    ("1997년 겨울, 아버지가 돌아가셨다.", [("1997-12/1998-02", "1997년 겨울")]),
    ("98년 여름에 강을 건넜다.", [("1998-06/1998-08", "98년 여름")]),
    # decades
    ("During the famine of the 1990s, markets appeared.", [("1990/1999", "the 1990s")]),
    ("In the late 1980s he was a soldier.", [("1980/1989", "the late 1980s")]),
    ("Markets spread in the '90s.", [("1990/1999", "the '90s")]),
    ("1990년대 중반 고난의 행군 시기에 많은 사람이 굶어 죽었다.", [("1990/1999", "1990년대")]),
    ("90년대에는 배급이 없었다.", [("1990/1999", "90년대")]),
    # ranges
    ("Between 1995 and 1998, hundreds of thousands died of hunger.", [("1995/1998", "Between 1995 and 1998")]),
    ("He was detained from 2001 to 2004 in Camp 14.", [("2001/2004", "from 2001 to 2004")]),
    ("The famine (1994-1998) killed many.", [("1994/1998", "1994-1998")]),
    ("The famine of 1995–98 is called the Arduous March.", [("1995/1998", "1995–98")]),
    ("He worked there from March 1997 to May 1998.", [("1997-03/1998-05", "from March 1997 to May 1998")]),
    ("It happened between March and May 2005.", [("2005-03/2005-05", "between March and May 2005")]),
    (
        "From the winter of 1996 to the summer of 1997 he hid in the mountains.",
        [("1996-12/1997-08", "From the winter of 1996 to the summer of 1997")],
    ),
    ("1999~2001년 사이 그는 교화소에 수감되었다.", [("1999/2001", "1999~2001년")]),
    ("그는 1995년부터 1998년까지 요덕 수용소에 있었다.", [("1995/1998", "1995년부터 1998년까지")]),
    ("1995년에서 1998년 사이에 많은 사람이 죽었다.", [("1995/1998", "1995년에서 1998년 사이")]),
    ("1995년과 1998년 사이 그는 두 번 체포되었다.", [("1995/1998", "1995년과 1998년 사이")]),
    ("95~98년에 기근이 있었다.", [("1995/1998", "95~98년")]),
    ("1997년 3월부터 5월까지 단련대에 있었다.", [("1997-03/1997-05", "1997년 3월부터 5월까지")]),
    # Juche years
    ("주체86년 겨울에 아버지가 돌아가셨다.", [("1997-12/1998-02", "주체86년 겨울")]),
    ("판결문은 주체86년 3월에 작성되었다.", [("1997-03", "주체86년 3월")]),
    ("The verdict is dated Juche 86 (1997).", [("1997", "Juche 86 (1997)")]),
    ("It was written in Juche 86.", [("1997", "Juche 86")]),
    ("The warrant is dated 5 May Juche 91.", [("2002-05-05", "5 May Juche 91")]),
    ("She was held in the summer of Juche 100.", [("2011-06/2011-08", "the summer of Juche 100")]),
    # apostrophe years, as transcripts write them
    ("From '96 to '98, those were the worst.", [("1996/1998", "From '96 to '98")]),
    ("Rations stopped in the spring of '96.", [("1996-03/1996-05", "the spring of '96")]),
    ("He left in '05.", [("2005", "'05")]),
    # two-digit Korean years in context
    ("97년에 탈북해서 중국에서 3년 동안 살았다.", [("1997", "97년")]),
    ("03년 12월에 체포되었다.", [("2003-12", "03년 12월")]),
    ("05년도에 다시 잡혔다.", [("2005", "05년")]),
    ("98년 탈북했다.", [("1998", "98년")]),
    ("답: 98년이었어요.", [("1998", "98년")]),
    # a mixture
    (
        "In 1997, 3,000 people were sent to the camp; by 2001 only half were alive.",
        [("1997", "1997"), ("2001", "2001")],
    ),
    (
        "그는 1997년 봄에 체포되어 2000년 3월에 석방되었다.",
        [("1997-03/1997-05", "1997년 봄"), ("2000-03", "2000년 3월")],
    ),
]

# Text that names no absolute date.
NOTHING = [
    "He was 17 years old when he was sent to the camp.",
    "She spent 3 years in Kyohwaso No. 1.",
    "Some 2000 people gathered at the stadium.",
    "2000 political prisoners were moved.",
    "Over 2000 were executed.",
    "He paid $2000 to the broker.",
    "Camp 1997 does not exist; see page 2001 and No. 2002.",
    "Camp 15 held about 50,000 prisoners.",
    "In total 1,997 people and 2,000 refugees were counted.",
    "The file is 1997.5 MB.",
    "Two years later he escaped again.",
    "그는 15년형을 선고받았다.",
    "3년 동안 노동단련대에 있었다.",
    "그 때 20년 동안 살던 집을 떠났다.",
    "50년 동안 분단되었다.",
    "10~15년의 노동교화형",
    "17살 때 처음 잡혀갔다.",
    "3월 12일 새벽에 끌려갔다.",
    "2000명이 모였다.",
    "the 30th of February",
    "12/03/1997",
    "",
    "   ",
    "may 1997 people",
]


def _pairs(mentions: list[DateMention]) -> list[tuple[str, str]]:
    return [(mention.value, mention.quote) for mention in mentions]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_finds_dates(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_dates(text)
    assert _pairs(mentions) == expected
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.quote


@pytest.mark.parametrize("text", NOTHING)
def test_finds_nothing(text: str) -> None:
    assert find_dates(text) == []


def test_an_impossible_day_keeps_only_what_is_valid() -> None:
    # "30 February" is not a day; "February 1997" is still a month of a year.
    assert _pairs(find_dates("30 February 1997")) == [("1997-02", "February 1997")]


def test_longest_match_wins() -> None:
    text = "On 12 March 1997 and in the spring of 1998."
    assert _pairs(find_dates(text)) == [("1997-03-12", "12 March 1997"), ("1998-03/1998-05", "the spring of 1998")]


def test_contract_fields() -> None:
    (mention,) = find_dates("arrested in March 1997")
    assert mention.contract() == {"value": "1997-03", "start": 12, "end": 22, "quote": "March 1997"}


def test_large_single_line_completes() -> None:
    unit = "In the spring of 1997, 80,000 people; 1997년 3월 12일; from 1995 to 1998; 97년에 3년 동안. "
    text = (unit * (1_000_000 // len(unit) + 1))[:1_000_000]
    mentions = find_dates(text)
    assert len(mentions) > 10_000
    check_offsets(text, mentions)


@pytest.mark.parametrize(
    "text",
    ["1" * 200_000, "1997 " * 40_000, "1997-" * 40_000, "97년 " * 50_000, " " * 200_000, "March " * 40_000],
)
def test_degenerate_long_inputs(text: str) -> None:
    check_offsets(text, find_dates(text))


@given(st.text(max_size=300))
def test_offsets_valid_on_any_text(text: str) -> None:
    check_offsets(text, find_dates(text))


_DATE_ALPHABET = "0123456789 -./~,()'年년월일봄여름가을겨울대주체부터까지사이에서과 thespringofMarchJuche\n\x00\u200b"


@given(st.text(alphabet=_DATE_ALPHABET, max_size=200))
def test_offsets_valid_on_date_like_text(text: str) -> None:
    mentions = find_dates(text)
    check_offsets(text, mentions)
    for mention in mentions:
        low, _, high = mention.value.partition("/")
        assert "1900" <= low[:4] <= "2100"
        assert not high or low <= high
