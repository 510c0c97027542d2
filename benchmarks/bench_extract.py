"""Extraction throughput: characters per second on one core, against kiwipiepy's tokenisation alone.

Kiwi is timed twice: on the whole text in one call, and as extraction calls it (chunks of at most 4,000
characters cut at sentence ends, `girok.extract.korean.tokenize`), which on long Korean text is faster.

The text is the evaluation set's passages (evaluation/extract/dev and heldout), split by language and
repeated to about --chars characters, joined with blank lines. For each language the script times, in
interleaved rounds, `girok.extract.pipeline.extract` and `Kiwi.tokenize` on the same text and reports
medians and their ratio (how many times slower than tokenising alone full extraction is). The process is
pinned to one CPU. It also runs the evaluation and stores its table beside the timings.

    .venv/bin/python benchmarks/bench_extract.py --chars 200000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from girok.extract.evaluation import evaluate, load_passages  # noqa: E402
from girok.extract.korean import _kiwi, tokenize  # noqa: E402
from girok.extract.pipeline import extract  # noqa: E402

SETS = [ROOT / "evaluation" / "extract" / "dev", ROOT / "evaluation" / "extract" / "heldout"]


def corpus(language: str, chars: int) -> str:
    passages = []
    for directory in SETS:
        for path in sorted(directory.glob("*.yaml")):
            raw = yaml.safe_load(path.read_text("utf-8"))
            if raw.get("language") == language:
                passages.append(raw["text"].strip())
    if not passages:
        raise SystemExit(f"no {language} passages found")
    base = "\n\n".join(passages)
    return ("\n\n".join([base] * (chars // len(base) + 1)))[:chars]


def timed(function: object, text: str) -> float:
    started = time.perf_counter()
    function(text)  # type: ignore[operator]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "extract.json")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    kiwi = _kiwi()
    results: dict[str, object] = {
        "machine": {"python": platform.python_version(), "cpus_used": 1, "load_avg": os.getloadavg()},
        "chars": args.chars,
        "repeat": args.repeat,
    }
    rows = []
    for language in ("en", "ko"):
        text = corpus(language, args.chars)
        extract(text[:2000])  # warm caches (Kiwi model, lexicon, cue tables)
        ours: list[float] = []
        theirs: list[float] = []
        chunked: list[float] = []
        for _ in range(args.repeat):
            ours.append(timed(extract, text))
            theirs.append(timed(kiwi.tokenize, text))
            chunked.append(timed(tokenize, text))
        median_ours, median_kiwi = statistics.median(ours), statistics.median(theirs)
        median_chunked = statistics.median(chunked)
        row = {
            "language": language,
            "chars": len(text),
            "girok_chars_per_s": round(len(text) / median_ours),
            "kiwi_chars_per_s": round(len(text) / median_kiwi),
            "ratio_girok_time_over_kiwi": round(median_ours / median_kiwi, 2),
            # Kiwi as extraction calls it: the same text in chunks of at most 4,000 characters.
            "kiwi_chunked_chars_per_s": round(len(text) / median_chunked),
            "ratio_girok_time_over_kiwi_chunked": round(median_ours / median_chunked, 2),
            "girok_runs_s": [round(t, 3) for t in ours],
            "kiwi_runs_s": [round(t, 3) for t in theirs],
        }
        rows.append(row)
        print(
            f"{language}: girok {row['girok_chars_per_s']:,} chars/s,"
            f" kiwi tokenize {row['kiwi_chars_per_s']:,} chars/s,"
            f" extraction takes {row['ratio_girok_time_over_kiwi']}x the time of tokenising"
            f" ({row['ratio_girok_time_over_kiwi_chunked']}x Kiwi in 4,000-character chunks,"
            f" {row['kiwi_chunked_chars_per_s']:,} chars/s)"
        )
    results["throughput"] = rows
    evaluations = {}
    for directory in SETS:
        if any(directory.glob("*.yaml")):
            report = evaluate(load_passages(directory))
            evaluations[directory.name] = {"passages": report.passages, "fields": report.table()}
            print(f"\n{directory.name} ({report.passages} passages)")
            for field in report.table():
                print(
                    f"  {field['field']:<13} P {field['precision']:.3f}  R {field['recall']:.3f}  F1 {field['f1']:.3f}"
                )
    results["evaluation"] = evaluations
    results["load_avg_after"] = os.getloadavg()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
