"""A small trained classifier that reads violations the cues miss, run on sentences with no doubt in them.

The cues (data/violation_cues.yaml) are precise but only know the wordings someone wrote down; testimony finds
new ones ("several did not survive the winter", 겨울을 넘기지 못했다). One logistic regression per violation
type over a sentence's words (Kiwi lemmas for Korean, crudely stemmed words for English, and their pairs)
adds the types it is confident of. It earned its place on passages neither it nor the cues had seen: on the
fourth development batch, violations F1 rose from 0.72 (cues) to 0.77 (cues and model); see
``girok.extract.train``, which trains it on the development set and writes ``data/violation_model.json``.

It only adds: a sentence with any negation, condition, fear or rumour word is left to the cues, which read
those precisely, because a bag of words cannot tell "was beaten" from "was never beaten". Its suggestions
carry its probability, capped below a cue's confidence, so a reviewer can tell them apart.

Scoring is written out here (tf-idf with sublinear term frequency, L2 norm, a linear score and a sigmoid)
so that running Girok needs no machine-learning library; scikit-learn is needed only to train.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from girok.extract.korean import Token

MODEL_FILE = "data/violation_model.json"
#: The model's suggestions rank below any cue's (0.8): they are read from word statistics, not a stated act.
CONFIDENCE_CAP = 0.7

_CONTENT_TAGS = ("NN", "VV", "VA", "VX", "XR", "MAG", "SL")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_SUFFIXES = ("ings", "ing", "ed", "es", "s")
#: Words that may turn a sentence's meaning around; the model does not read such sentences.
_DOUBT = re.compile(
    r"\b(?:not|never|no|n't|nobody|none|denie[sd]|denies|if|could|would|might|may|rumou?rs?|fears?|feared|"
    r"afraid|threat\w*|unless|whether)\b|n't\b|않|못|없|안\s|면\s|까\s?봐|우려|소문|두려|협박|위협",
    re.IGNORECASE,
)


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def sentence_words(text: str, tokens: Sequence[Token]) -> list[str]:
    """The words the model reads: Kiwi lemmas of content morphemes, then stemmed Latin words, in order."""
    words = [tok.lemma.lower() for tok in tokens if tok.tag.startswith(_CONTENT_TAGS) and tok.tag != "SL"]
    words.extend(_stem(word) for word in _LATIN_WORD.findall(text))
    return words


def features(words: Sequence[str]) -> Counter[str]:
    """Unigrams and adjacent pairs, counted (the training vectoriser's analyser, written out)."""
    grams: Counter[str] = Counter(words)
    grams.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    return grams


def doubtful(text: str) -> bool:
    """Whether a sentence has a word that may negate, condition or doubt what it says."""
    return _DOUBT.search(text) is not None


@dataclass(frozen=True)
class Model:
    threshold: float
    idf: dict[str, float]
    #: type -> (weights by feature, intercept)
    weights: dict[str, tuple[dict[str, float], float]]
    #: feature -> [(type, weight)]: the same weights turned around, so a sentence is scored in one pass
    by_feature: dict[str, list[tuple[str, float]]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for type_, (weights, _) in self.weights.items():
            for feature, weight in weights.items():
                self.by_feature.setdefault(feature, []).append((type_, weight))

    def probabilities(self, words: Sequence[str]) -> dict[str, float]:
        counts = features(words)
        vector = {f: (1.0 + math.log(n)) * self.idf[f] for f, n in counts.items() if f in self.idf}
        norm = math.sqrt(sum(value * value for value in vector.values())) or 1.0
        scores = {type_: intercept for type_, (_, intercept) in self.weights.items()}
        for feature, value in vector.items():
            for type_, weight in self.by_feature.get(feature, ()):
                scores[type_] += weight * value / norm
        return {type_: 1.0 / (1.0 + math.exp(-score)) for type_, score in scores.items()}

    def confident(self, text: str, tokens: Sequence[Token]) -> dict[str, float]:
        """Types the model is confident a doubt-free sentence reports, with their probability."""
        if doubtful(text):
            return {}
        probabilities = self.probabilities(sentence_words(text, tokens))
        return {type_: p for type_, p in probabilities.items() if p >= self.threshold}


def model_from(raw: dict[str, Any]) -> Model:
    vocabulary: list[str] = raw["features"]
    idf = dict(zip(vocabulary, raw["idf"], strict=True))
    weights = {
        type_: ({vocabulary[index]: weight for index, weight in spec["weights"]}, float(spec["intercept"]))
        for type_, spec in raw["types"].items()
    }
    return Model(float(raw["threshold"]), idf, weights)


@lru_cache(maxsize=1)
def load_model() -> Model | None:
    """The packaged model, or None if none has been trained (extraction then runs on the cues alone)."""
    path = resources.files("girok.extract").joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return model_from(json.loads(path.read_text("utf-8")))
