"""Violations from what a sentence says happened; negations and hypotheticals are not violations."""

from __future__ import annotations

import pytest

from girok.extract.pipeline import extract


def types(text: str) -> set[str]:
    return {v.type for v in extract(text).violations}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The guards beat him with a shovel.", "torture"),
        ("He was publicly executed in the market square.", "execution"),
        ("She was forcibly repatriated from China in 2002.", "forced-repatriation"),
        ("She was sold to a Chinese farmer by a broker.", "trafficking"),
        ("In 1997 the bowibu sent him to Yodok.", "political-imprisonment"),
        ("보위부에 끌려가서 구타를 당했습니다.", "torture"),
        ("그는 1997년에 공개처형되었다.", "execution"),
        ("중국 공안에 잡혀 강제북송되었다.", "forced-repatriation"),
        ("그녀는 중국 농촌으로 팔려갔다.", "trafficking"),
        ("작업 과제를 채우지 못하면 수감자들에게 밥을 주지 않았다.", "starvation"),  # a negated condition
        ("그녀는 회령 보위부 detention centre에서 water torture를 당했다.", "torture"),  # mixed text
        ("The guards kicked him; he died there two weeks later in Camp 15.", "death-in-custody"),
        ("A bowibu agent found the Bible and she was arrested.", "religious-persecution"),
    ],
)
def test_what_happened_is_found(text: str, expected: str) -> None:
    assert expected in types(text)


@pytest.mark.parametrize(
    "text",
    [
        "I was never beaten.",
        "No one in our cell was beaten.",
        "If we had been caught we could have been executed.",
        "We were afraid they would torture us.",
        "나는 맞지 않았다.",
        "그곳에서 구타를 당한 적은 없다.",
        "잡혔다면 처형될 수도 있었다.",
        "맞을까 봐 무서웠다.",
        "만약 잡혔다면 관리소로 보내졌을 것이라고 말하였다.",
        "Q: Were you beaten in the holding centre?",
        "문: 거기서 맞으셨습니까?",
        "Forced abortion\nThis chapter reports what the women were asked.",
        "We hid in a flat rented by a church group.",  # a church is no persecution until someone is punished
    ],
)
def test_denied_or_hypothetical_is_not_a_violation(text: str) -> None:
    assert types(text) == set()


def test_violation_is_pinned_to_its_sentence_with_context() -> None:
    text = "We arrived in 1998. In March 1997 the bowibu sent him to Yodok, where he was beaten."
    extraction = extract(text)
    torture = next(v for v in extraction.violations if v.type == "torture")
    assert text[torture.start : torture.end] == torture.quote
    assert torture.quote.startswith("In March 1997")
    assert torture.context["facility"] == "kwalliso-15"
    assert torture.context["institution"] == "mss"
    assert 0 < torture.confidence <= 1
