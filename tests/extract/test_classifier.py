"""The trained violation classifier: trained by the real script, scored by hand exactly as scikit-learn does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from girok.extract import train
from girok.extract.classifier import doubtful, load_model, model_from
from girok.extract.pipeline import extract

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "evaluation" / "extract" / "dev"


def test_packaged_model_is_trained_on_the_whole_development_set() -> None:
    model = load_model()
    assert model is not None
    raw = json.loads((ROOT / "src/girok/extract/data/violation_model.json").read_text("utf-8"))
    # Retrain (python -m girok.extract.train evaluation/extract/dev) whenever passages are added.
    assert raw["trained_on"]["passages"] == len(list(DEV.glob("*.yaml")))
    assert 0 < model.threshold < 1 and len(model.weights) >= 20


def test_training_writes_a_model_the_hand_scoring_agrees_with(tmp_path: Path) -> None:
    small = tmp_path / "set"
    small.mkdir()
    for path in sorted(DEV.glob("*.yaml"))[:40]:
        (small / path.name).write_text(path.read_text("utf-8"), "utf-8")
    out = tmp_path / "model.json"
    assert train.main([str(small), "--out", str(out)]) == 0  # includes the parity check against scikit-learn
    model = model_from(json.loads(out.read_text("utf-8")))
    assert set(model.weights) <= {
        line["type"]
        for line in yaml.safe_load((ROOT / "src/girok/extract/data/violation_cues.yaml").read_text("utf-8"))["cues"]
    }
    assert all(0.0 <= p <= 1.0 for p in model.probabilities(["beat", "guard", "prisoner"]).values())


def test_training_refuses_the_held_out_set() -> None:
    assert train.main([str(ROOT / "evaluation" / "extract" / "heldout")]) == 2


@pytest.mark.parametrize(
    "text",
    [
        "I was never beaten.",
        "If they had caught us we would have been shot.",
        "그는 맞지 않았다.",
        "잡히면 총살이라고 했다.",
    ],
)
def test_doubtful_sentences_are_left_to_the_cues(text: str) -> None:
    assert doubtful(text)
    assert extract(text).violations == []


def test_model_suggestions_rank_below_cues() -> None:
    model = load_model()
    assert model is not None
    for path in sorted(DEV.glob("*.yaml"))[:30]:
        text = yaml.safe_load(path.read_text("utf-8"))["text"]
        with_model = extract(text).violations
        cues_only = {(v.type, v.start) for v in extract(text, model=False).violations}
        for mention in with_model:
            if (mention.type, mention.start) not in cues_only:
                assert mention.confidence <= 0.7  # read from word statistics: below any cue's 0.8
