"""The evaluation harness: scores computed from real extraction on labelled files; bad files named."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from girok.errors import ValidationError
from girok.extract.evaluation import Score, evaluate, key_of, load_passages

EMPTY = {
    "violations": [],
    "facilities": [],
    "places": [],
    "institutions": [],
    "dates": [],
    "persons": [],
    "figures": [],
}


def write(directory: Path, name: str, text: str, **expect: list[dict[str, object]]) -> None:
    body = {"id": name, "language": "en", "text": text, "expect": {**EMPTY, **expect}}
    (directory / f"{name}.yaml").write_text(yaml.safe_dump(body, allow_unicode=True), "utf-8")


def test_scores_count_keys_per_passage(tmp_path: Path) -> None:
    write(
        tmp_path,
        "p1",
        "In 1997 the bowibu sent him to Yodok, where he was beaten.",
        facilities=[{"id": "kwalliso-15", "type": "kwalliso", "quote": "Yodok"}],
        institutions=[{"id": "mss", "quote": "bowibu"}],
        # deliberately wrong label: the harness must count it as missed, and torture as spurious
        violations=[{"type": "execution", "quote": "beaten"}, {"type": "political-imprisonment", "quote": "sent"}],
        dates=[{"value": "1997", "quote": "1997"}],
    )
    report = evaluate(load_passages(tmp_path))
    scores = report.scores
    assert (scores["facilities"].true_positives, scores["facilities"].located) == (1, 1)
    assert scores["institutions"].f1 == 1.0
    assert scores["violations"].true_positives == 1
    assert scores["violations"].false_negatives == 1
    assert ("p1", "violations", "execution", "missed") in report.errors
    assert ("p1", "violations", "torture", "spurious") in report.errors
    assert report.invalid_spans == 0


def test_score_arithmetic() -> None:
    score = Score(true_positives=8, false_positives=2, false_negatives=8)
    assert (score.precision, score.recall) == (0.8, 0.5)
    assert round(score.f1, 4) == round(2 * 0.8 * 0.5 / 1.3, 4)
    assert Score().f1 == 1.0  # nothing expected, nothing found


def test_keys() -> None:
    assert key_of("persons", {"name": "Kim Young-soon"}) == key_of("persons", {"name": "kim youngsoon"})
    assert key_of("facilities", {"id": None, "type": "jipkyulso"}) == "type:jipkyulso"
    figure = {"value": None, "low": 80000, "high": 120000.0, "unit": "people"}
    assert key_of("figures", figure) == "-|80000|120000|people"


def test_bad_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"holds no \.yaml"):
        load_passages(tmp_path)
    write(tmp_path, "p2", "Some text.", places=[{"id": "hyesan", "province": "KP-10", "quote": "Hyesan"}])
    with pytest.raises(ValidationError, match=r"p2.yaml: expect.places: quote 'Hyesan' is not in the text"):
        load_passages(tmp_path)
    (tmp_path / "p2.yaml").write_text("text: [unclosed", "utf-8")
    with pytest.raises(ValidationError, match=r"p2\.yaml: not a readable YAML"):
        load_passages(tmp_path)
