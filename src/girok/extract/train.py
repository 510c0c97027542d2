"""Train the violation classifier on a labelled set and write data/violation_model.json (needs scikit-learn).

    .venv/bin/python -m girok.extract.train evaluation/extract/dev [--check-batch REGEX]

Sentences are read exactly as extraction reads them (the same splitter, Kiwi morphemes of the whole passage,
the same words and word pairs); a sentence's labels are the violation types whose labelled quote it overlaps.
Sentences with doubt words are left out, as the model is never asked about them. One logistic regression per
type (balanced classes) is fitted; types with fewer than three examples get none.

Before writing, the script reports, per passage key as `girok eval-extract` counts them:
- 5-fold cross-validation by passage of cues alone and of cues plus a model trained without the fold;
- with --check-batch, the same for passages whose id matches (a batch the cues were not tuned on).
It then checks that the exported, hand-scored model gives scikit-learn's probabilities.
The held-out set must never be given to this script.
"""

from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from girok.extract.classifier import MODEL_FILE, Model, doubtful, features, model_from, sentence_words
from girok.extract.evaluation import Passage, load_passages
from girok.extract.korean import has_hangul, tokenize
from girok.extract.pipeline import extract
from girok.extract.sentences import split

THRESHOLD = 0.5  # chosen by cross-validation (see the module docstring of girok.extract.classifier)
C = 4.0
MIN_EXAMPLES = 3
FOLDS = 5


def rows_of(passages: Sequence[Passage]) -> list[tuple[int, list[str], set[str]]]:
    """(passage index, words, labelled types) for every doubt-free sentence."""
    rows = []
    for index, passage in enumerate(passages):
        text = passage.text
        tokens = tokenize(text) if has_hangul(text) else []
        starts = [tok.start for tok in tokens]
        quotes = [(text.find(v.get("quote") or "\0"), v) for v in passage.expect["violations"]]
        for sentence in split(text):
            body = text[sentence.start : sentence.end]
            if doubtful(body):
                continue
            sentence_tokens = tokens[
                bisect.bisect_left(starts, sentence.start) : bisect.bisect_left(starts, sentence.end)
            ]
            labels = {
                str(v["type"])
                for at, v in quotes
                if at >= 0 and at < sentence.end and sentence.start < at + len(str(v.get("quote")))
            }
            rows.append((index, sentence_words(body, sentence_tokens), labels))
    return rows


def fit(rows: Sequence[tuple[int, list[str], set[str]]]) -> tuple[Any, dict[str, Any]]:
    from sklearn.feature_extraction.text import TfidfVectorizer  # training only: not a run-time dependency
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=lambda words: list(features(words).elements()), min_df=2, sublinear_tf=True)
    matrix = vectoriser.fit_transform([words for _, words, _ in rows])
    models = {}
    for type_ in sorted({t for _, _, labels in rows for t in labels}):
        target = [type_ in labels for _, _, labels in rows]
        if sum(target) < MIN_EXAMPLES:
            continue
        models[type_] = LogisticRegression(C=C, class_weight="balanced", max_iter=4000).fit(matrix, target)
    return vectoriser, models


def export(vectoriser: Any, models: dict[str, Any], trained_on: dict[str, Any]) -> dict[str, Any]:
    vocabulary = vectoriser.get_feature_names_out().tolist()
    types = {}
    for type_, model in models.items():
        weights = [[i, round(float(w), 4)] for i, w in enumerate(model.coef_[0]) if abs(w) >= 1e-4]
        types[type_] = {"intercept": round(float(model.intercept_[0]), 4), "weights": weights}
    return {
        "about": "girok violation classifier; trained by girok.extract.train (see its docstring)",
        "trained_on": trained_on,
        "threshold": THRESHOLD,
        "features": vocabulary,
        "idf": [round(float(v), 5) for v in vectoriser.idf_],
        "types": types,
    }


def score(passages: Sequence[Passage], chosen: set[int], added: dict[int, set[str]]) -> tuple[str, str]:
    """(cues alone, cues and model) precision/recall/F1 over the chosen passages."""
    counts = {"cues": [0, 0, 0], "both": [0, 0, 0]}
    for index in chosen:
        gold = {str(v["type"]) for v in passages[index].expect["violations"]}
        cues = {v.type for v in extract(passages[index].text, model=False).violations}
        for name, found in (("cues", cues), ("both", cues | added.get(index, set()))):
            counts[name][0] += len(found & gold)
            counts[name][1] += len(found - gold)
            counts[name][2] += len(gold - found)

    def line(tp: int, fp: int, fn: int) -> str:
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        return f"P {p:.3f} R {r:.3f} F1 {2 * p * r / max(1e-9, p + r):.3f}"

    return line(*counts["cues"]), line(*counts["both"])


def predicted(model: Model, rows: Sequence[tuple[int, list[str], set[str]]], chosen: set[int]) -> dict[int, set[str]]:
    added: dict[int, set[str]] = {}
    for index, words, _ in rows:
        if index in chosen:
            found = {t for t, p in model.probabilities(words).items() if p >= model.threshold}
            added.setdefault(index, set()).update(found)
    return added


def held_apart(
    passages: Sequence[Passage], rows: Sequence[tuple[int, list[str], set[str]]], chosen: set[int]
) -> tuple[str, str]:
    """Scores on ``chosen`` of cues, and of cues plus a model trained on the other passages."""
    vectoriser, models = fit([row for row in rows if row[0] not in chosen])
    model = model_from(export(vectoriser, models, {}))
    return score(passages, chosen, predicted(model, rows, chosen))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--check-batch", help="regex of passage ids to hold apart as an unseen batch")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / MODEL_FILE)
    args = parser.parse_args(argv)
    if "heldout" in str(args.directory):
        print("error: the held-out set is for measuring only; train on the development set", file=sys.stderr)
        return 2
    passages = load_passages(args.directory)
    rows = rows_of(passages)
    print(f"{len(passages)} passages, {len(rows)} doubt-free sentences", file=sys.stderr)
    order = list(range(len(passages)))
    random.Random(0).shuffle(order)
    folds = [set(order[k::FOLDS]) for k in range(FOLDS)]
    all_added: dict[int, set[str]] = {}
    for fold in folds:
        vectoriser, models = fit([row for row in rows if row[0] not in fold])
        all_added.update(predicted(model_from(export(vectoriser, models, {})), rows, fold))
    cues, both = score(passages, set(range(len(passages))), all_added)
    print(f"{FOLDS}-fold cross-validation: cues {cues} | cues+model {both}", file=sys.stderr)
    if args.check_batch:
        batch = {i for i, p in enumerate(passages) if re.fullmatch(args.check_batch, p.id)}
        cues, both = held_apart(passages, rows, batch)
        print(f"batch {args.check_batch} ({len(batch)} passages): cues {cues} | cues+model {both}", file=sys.stderr)
    vectoriser, models = fit(rows)
    raw = export(
        vectoriser, models, {"directory": args.directory.name, "passages": len(passages), "sentences": len(rows)}
    )
    _check_parity(vectoriser, models, model_from(raw), rows)
    args.out.write_text(json.dumps(raw, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(f"wrote {args.out} ({len(raw['types'])} types, {len(raw['features'])} features)", file=sys.stderr)
    return 0


def _check_parity(vectoriser: Any, models: dict[str, Any], model: Model, rows: Sequence[Any]) -> None:
    """The hand-written scoring must give scikit-learn's probabilities (to rounding)."""
    sample = [words for _, words, _ in rows[:300]]
    matrix = vectoriser.transform(sample)
    for type_, fitted in models.items():
        expected = fitted.predict_proba(matrix)[:, 1]
        for words, want in zip(sample, expected, strict=True):
            got = model.probabilities(words)[type_]
            if abs(got - want) > 5e-3:
                raise SystemExit(f"parity check failed for {type_}: {got:.4f} != {want:.4f}")


if __name__ == "__main__":
    sys.exit(main())
