"""Full-text search at scale: index build time, index size and query latency, against a LIKE/ILIKE scan.

Writes fictional demo testimony transcripts (``girok.demo``'s sentences, people and places) as Source
records until their texts hold N passages (as ``girok.search.passages.split_passages`` cuts them),
rebuilds the search index with ``SearchIndex.reindex`` and times a fixed set of queries (Korean,
English, romanized place names in several spellings, personal names across scripts, prefixes, boolean
queries, a third of them with facet filters or facet counts) through ``girok.search.search`` with
``limit=20``, snippets included. With ``--baseline`` (by default when N <= 100,000) the same passages
are also written as plaintext to a table of their own and the same queries run as ``LIKE`` (SQLite) /
``ILIKE`` (PostgreSQL) '%word%' scans, one condition per word: count(*) and the first 20 rows.

The corpus: the demo generator (``DemoGenerator.testimony``) writes each testimony through a stand-in
collection that only keeps the text (the generator's people, events, violations and citations are not
written: at this scale only the sources matter). ``--per-source`` testimonies of one language make one
Source, a transcript whose every answer (one testimony's story, the generated header dropped) is one
paragraph; languages alternate source by source. Sources are created through the services
(``Collection(index=False)``, default protection "protected", so texts are sealed), a few hundred per
transaction; the same seed gives the same texts.

    .venv/bin/python benchmarks/bench_search.py --backend both --passages 20000
    nohup .venv/bin/python benchmarks/bench_search.py --backend sqlite --passages 1000000 > search-1m.log 2>&1 &
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

import girok.search.documents as documents
from girok.demo.generator import FICTIONAL, DemoGenerator
from girok.demo.templates import HEADER
from girok.schema.model import load_schema
from girok.schema.vocabulary import load_vocabularies
from girok.search import SearchIndex, search
from girok.search.passages import split_passages
from girok.security.keyring import Keyring
from girok.services.actor import Actor, local_operator
from girok.services.records import Collection
from girok.store.store import Store

RESULTS = Path(__file__).parent / "results"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
FACETS = ["type", "year", "province"]


# -- the query set ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    category: str
    text: str
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    facets: Sequence[str] = ()
    #: Queries of one group name the same thing in other scripts or spellings (the cross-script table).
    group: str | None = None


Q = Query
#: Fixed: the figures of different runs are comparable only while this list stays as it is.
QUERIES: tuple[Query, ...] = (
    # Korean words and phrases the demo templates use
    Q("korean", "구타"),
    Q("korean", "강제노동"),
    Q("korean", "총살"),
    Q("korean", "공개 처형"),
    Q("korean", "보위부"),
    Q("korean", "북송"),
    Q("korean", "두만강"),
    Q("korean", '"고난의 행군"'),
    Q("korean", "출신성분 대학"),
    Q("korean", "장티푸스"),
    Q("korean", "성경 체포"),
    Q("korean", "브로커"),
    Q("korean", "옥수수 쥐"),
    # English words and phrases
    Q("english", "beaten"),
    Q("english", "tortured"),
    Q("english", '"forced labour"'),
    Q("english", "executed"),
    Q("english", "interrogation confessing"),
    Q("english", '"political prisoner"'),
    Q("english", '"Tumen River"'),
    Q("english", "rations"),
    Q("english", '"Arduous March"'),
    Q("english", "songbun university"),
    Q("english", "abortion injection"),
    Q("english", "Bible"),
    Q("english", "typhoid"),
    Q("english", "USB dramas"),
    # prefixes
    Q("prefix", "interrog*"),
    Q("prefix", "repatriat*"),
    Q("prefix", "execut* market"),
    Q("prefix", "보위*"),
    Q("prefix", "Hoery*"),
    # gazetteer places in several spellings and scripts
    Q("place", "Yodok", group="Yodok"),
    Q("place", "Yodeok", group="Yodok"),
    Q("place", "Yodŏk", group="Yodok"),
    Q("place", "요덕", group="Yodok"),
    Q("place", "Hoeryong", group="Hoeryong"),
    Q("place", "Hoeryŏng", group="Hoeryong"),
    Q("place", "Hoeryeong", group="Hoeryong"),
    Q("place", "회령", group="Hoeryong"),
    Q("place", "Chongori", group="Chongori"),
    Q("place", "Jongo-ri", group="Chongori"),
    Q("place", "전거리", group="Chongori"),
    Q("place", "Onseong", group="Onsong"),
    Q("place", "온성", group="Onsong"),
    Q("place", '"Yodok concentration camp"'),
    # Korean personal names in another script or romanization than the text
    Q("name", "Kim Yong Ho", group="김영호"),
    Q("name", "Gim Yeong-ho", group="김영호"),
    Q("name", "김영호", group="김영호"),
    Q("name", "Lee Chul-su", group="이철수"),
    Q("name", "리철수", group="이철수"),
    Q("name", "Park Mi-ok", group="박미옥"),
    Q("name", "박미옥", group="박미옥"),
    # boolean
    Q("boolean", "구타 OR 고문"),
    Q("boolean", "beaten NOT interrogation"),
    Q("boolean", "(Yodok OR Hoeryong) executed"),
    Q("boolean", "배급 -고난"),
    Q("boolean", "kicked OR beaten OR shot"),
    Q("boolean", '"forced labour" -mine'),
    # with facet filters and/or facet counts
    Q("facets", "구타", facets=FACETS),
    Q("facets", "beaten", filters={"type": ["torture"]}, facets=FACETS),
    Q("facets", "Yodok", filters={"province": ["KP-08"]}, facets=FACETS),
    Q("facets", "요덕", filters={"facility": ["kwalliso-15"]}),
    Q("facets", "executed", filters={"year": ["1997"]}),
    Q("facets", "배급", facets=FACETS),
    Q("facets", '"forced labour"', filters={"language": ["en"]}, facets=FACETS),
    Q("facets", "Hoeryong", facets=FACETS),
    Q("facets", "rations", filters={"decade": ["1990s"]}, facets=FACETS),
    Q("facets", "두만강", filters={"province": ["KP-09"]}, facets=FACETS),
    Q("facets", "interrog*", facets=FACETS),
    Q("facets", "보위부", filters={"institution": ["mss"]}),
    Q("facets", "camp", facets=FACETS),
    Q("facets", "prison", filters={"type": ["forced-labour"]}, facets=FACETS),
    Q("facets", "", filters={"type": ["torture"]}, facets=FACETS),
    Q("facets", "", filters={"facility": ["Yodok"], "year": ["1995", "1996", "1997"]}, facets=FACETS),
    Q("facets", "Kim Yong Ho", facets=FACETS),
    Q("facets", "수용소 OR camp", filters={"province": ["KP-08", "KP-09"]}, facets=FACETS),
    Q("facets", "executed OR 총살", filters={"type": ["execution"]}, facets=FACETS),
    Q("facets", "Chongori", filters={"year": ["2005"]}, facets=FACETS),
    Q("facets", "강제노동", filters={"type": ["forced-labour"]}, facets=FACETS),
    Q("facets", "Yodeok", facets=FACETS),
    Q("facets", "회령", filters={"decade": ["2000s"]}, facets=FACETS),
    Q("facets", "Bible OR 성경", facets=FACETS),
    Q("facets", "beaten", filters={"language": ["en"], "province": ["KP-09"]}),
    Q("facets", "구타 OR 고문", filters={"type": ["torture"]}, facets=FACETS),
)


def baseline_words(query: str) -> list[str]:
    """The words of a query for the LIKE baseline: operators, negated words, quotes, *, parentheses gone."""
    out: list[str] = []
    negate = False
    for raw in re.findall(r'"[^"]*"|\S+', query):
        if raw in ("AND", "OR"):
            continue
        if raw == "NOT":
            negate = True
            continue
        if raw.startswith("-") and len(raw) > 1:
            continue
        if negate:
            negate = False
            continue
        out.extend(w for w in re.split(r"[\s\"()*]+", raw) if w)
    return out


# -- the corpus ------------------------------------------------------------------------------------------


class _TextOnly:
    """Stands in for a Collection under DemoGenerator: keeps each testimony's text, writes nothing."""

    def __init__(self) -> None:
        self.schema = load_schema()
        self.texts: list[tuple[str, str]] = []

    def create(self, actor: Actor, record_type: str, data: Mapping[str, Any], **options: Any) -> None:
        if record_type == "Source" and data.get("kind") == "testimony":
            self.texts.append((str(data["language"]), str(data["text"])))

    def cite(self, *args: Any, **kwargs: Any) -> None:
        return None

    def change_status(self, *args: Any, **kwargs: Any) -> None:
        return None

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        yield


def iter_sources(seed: int, per_source: int) -> Iterator[dict[str, Any]]:
    """Source data, alternately English and Korean, each a transcript of ``per_source`` demo testimonies."""
    sink = _TextOnly()
    generator = DemoGenerator(sink, local_operator("bench"), seed=seed)  # type: ignore[arg-type]
    generator.setup()
    pending: dict[str, list[str]] = {"en": [], "ko": []}
    number = 0
    while True:
        generator.testimony()
        for lang, body in sink.texts:
            # the story without the generated header, one paragraph per testimony
            pending[lang].append(" ".join(p.strip() for p in body.split("\n\n")[1:] if p.strip()))
        sink.texts.clear()
        lang = ("en", "ko")[number % 2]
        if len(pending[lang]) >= per_source:
            answers, pending[lang] = pending[lang][:per_source], pending[lang][per_source:]
            yield {
                "title": f"{FICTIONAL} testimony transcript {number:06d} ({'English' if lang == 'en' else '한국어'})",
                "kind": "testimony",
                "language": lang,
                "text": "\n\n".join([HEADER[lang], *answers]),
                "notes": f"{FICTIONAL}: generated by benchmarks/bench_search.py from girok.demo (seed {seed}).",
            }
            number += 1


def load_corpus(
    store: Store,
    keyring: Keyring,
    actor: Actor,
    passages: int,
    seed: int,
    per_source: int,
    batch: int,
    plain: bool,
    copies: int = 1,
) -> dict[str, Any]:
    """Create Sources until their texts hold ``passages`` passages; with ``plain`` also the baseline table.
    With ``copies`` > 1 each generated text is written that many times in a row, as separate records."""
    collection = Collection(store, keyring, index=False)
    stats: dict[str, Any] = {"sources": 0, "passages": 0, "chars": 0, "by_language": {}}
    started = time.perf_counter()
    generate_s = 0.0
    sources = iter_sources(seed, per_source)
    next_id = 1
    last_report = started
    while stats["passages"] < passages:
        t0 = time.perf_counter()
        chunk: list[dict[str, Any]] = []
        while stats["passages"] < passages and len(chunk) < batch:
            original = next(sources)
            stats["distinct_sources"] = stats.get("distinct_sources", 0) + 1
            cut = split_passages(original["text"])
            for copy in range(copies):
                if stats["passages"] >= passages:
                    break
                data = dict(original)
                if copies > 1:
                    data["title"] += f" (copy {copy + 1} of {copies})"
                data["_passages"] = cut
                chunk.append(data)
                lang = stats["by_language"].setdefault(data["language"], {"sources": 0, "passages": 0, "chars": 0})
                for bucket in (stats, lang):
                    bucket["sources"] += 1
                    bucket["passages"] += len(cut)
                    bucket["chars"] += len(data["text"])
        generate_s += time.perf_counter() - t0
        with collection.batch():
            rows = []
            for data in chunk:
                cut = data.pop("_passages")
                record = collection.create(actor, "Source", data)
                if plain:
                    for p in cut:
                        rows.append({"id": next_id, "source_id": record.id, "s": p.start, "e": p.end,
                                     "text": data["text"][p.start : p.end]})  # fmt: skip
                        next_id += 1
        if rows:
            with store.write() as conn:
                conn.execute(
                    text(
                        'INSERT INTO bench_plain (id, source_id, start, "end", text) '
                        "VALUES (:id, :source_id, :s, :e, :text)"
                    ),
                    rows,
                )
        if time.perf_counter() - last_report > 30:
            last_report = time.perf_counter()
            log(f"  loaded {stats['sources']} sources, {stats['passages']} passages, {stats['chars']} chars")
    stats["seconds"] = round(time.perf_counter() - started, 1)
    stats["generate_seconds"] = round(generate_s, 1)
    stats["chars_per_passage"] = round(stats["chars"] / max(1, stats["passages"]), 1)
    stats["copies"] = copies
    return stats


def analyse_distinct(seed: int, per_source: int, count: int, workers: int) -> dict[str, Any]:
    """Harness-only: analyse the ``count`` distinct texts in a pool and make ``documents.analyse`` answer
    from that table, so a reindex over k copies of each text analyses none of them again (its worker
    processes are forked, so they inherit the table). The build then times the writing of every passage."""
    sources = iter_sources(seed, per_source)
    texts = [next(sources)["text"] for _ in range(count)]
    with ProcessPoolExecutor(workers) as pool:
        analyses = list(pool.map(documents.analyse, texts, chunksize=8))
    cache = dict(zip(texts, analyses, strict=True))
    original = documents.analyse

    def analyse(text: str) -> Any:
        found = cache.get(text)
        return found if found is not None else original(text)

    documents.analyse = analyse
    return cache


# -- databases -------------------------------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database(backend: str, pg_url: str, keep: Path | None) -> Iterator[str]:
    """An empty database (SQLite file or PostgreSQL schema), removed afterwards unless ``keep``."""
    if backend == "sqlite":
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            path = keep / "bench.db"
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
            yield f"sqlite:///{path}"
            return
        with tempfile.TemporaryDirectory(prefix="girok-bench-search-", dir=os.environ.get("BENCH_TMP")) as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    engine = create_engine(pg_url)
    schema = f"bench_search_{uuid.uuid4().hex[:10]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    finally:
        if keep is None:
            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def create_plain_table(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE bench_plain (id INTEGER PRIMARY KEY, source_id VARCHAR(48), start INTEGER, "
                '"end" INTEGER, text TEXT NOT NULL)'
            )
        )


def sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


def sqlite_sizes(url: str) -> dict[str, Any]:
    """File size and, through dbstat, bytes per table (the search index's tables summed)."""
    path = sqlite_path(url)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    finally:
        conn.close()
    tables = {name: int(size) for name, size in rows}
    index_parts = {
        name: size for name, size in tables.items()
        if name.startswith(("search_", "ix_search_", "sqlite_autoindex_search_"))
    }  # fmt: skip
    return {
        "file_bytes": path.stat().st_size,
        "index_bytes": sum(index_parts.values()),
        "index_tables": index_parts,
        "tables": tables,
    }


def postgres_sizes(engine: Engine) -> dict[str, Any]:
    names = ("search_docs", "search_facets", "search_prefixes", "records", "revisions", "audit_log", "bench_plain")
    out: dict[str, int] = {}
    with engine.connect() as conn:
        for name in names:
            size = conn.execute(text("SELECT pg_total_relation_size(to_regclass(:n))"), {"n": name}).scalar()
            if size is not None:
                out[name] = int(size)
        indexes = {
            row[0]: int(row[1])
            for row in conn.execute(
                text(
                    "SELECT indexrelname, pg_relation_size(indexrelid) FROM pg_stat_user_indexes "
                    "WHERE relname IN ('search_docs', 'search_facets', 'search_prefixes')"
                )
            )
        }
        database = int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())
    index_bytes = sum(out.get(n, 0) for n in ("search_docs", "search_facets", "search_prefixes"))
    return {
        "index_bytes": index_bytes,
        "tables": out,
        "search_indexes": indexes,
        "database_bytes_all_schemas": database,
    }


# -- timing ----------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summary_ms(samples: Sequence[float]) -> dict[str, float]:
    return {
        "p50_ms": round(percentile(samples, 50) * 1000, 2),
        "p95_ms": round(percentile(samples, 95) * 1000, 2),
        "p99_ms": round(percentile(samples, 99) * 1000, 2),
        "max_ms": round(max(samples) * 1000, 2) if samples else float("nan"),
        "samples": len(samples),
    }


def run_queries(index: SearchIndex, actor: Actor, repeat: int) -> list[dict[str, Any]]:
    out = []
    for query in QUERIES:
        kwargs: dict[str, Any] = {"filters": dict(query.filters), "facets": list(query.facets), "limit": 20}
        try:
            result = search(index, actor, query.text, **kwargs)  # warm-up (also what is reported)
        except Exception as error:
            out.append({**_describe(query), "error": f"{type(error).__name__}: {error}"})
            log(f"  ! {query.text!r}: {type(error).__name__}: {error}")
            continue
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            search(index, actor, query.text, **kwargs)
            times.append(time.perf_counter() - t0)
        out.append({
            **_describe(query),
            "total": result.total,
            "hits": len(result.hits),
            "highlighted_hits": sum(1 for h in result.hits if h.highlights),
            "notes": result.notes,
            "facet_values": {k: len(v) for k, v in result.facets.items()},
            "times_ms": [round(t * 1000, 2) for t in times],
            "median_ms": round(statistics.median(times) * 1000, 2),
        })  # fmt: skip
    return out


def run_baseline(engine: Engine, dialect: str, repeat: int) -> list[dict[str, Any]]:
    op = "LIKE" if dialect == "sqlite" else "ILIKE"
    out = []
    for query in QUERIES:
        words = baseline_words(query.text)
        if not words:
            out.append({**_describe(query), "skipped": "no words (filters only)"})
            continue
        params = {f"w{i}": "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                  for i, w in enumerate(words)}  # fmt: skip
        where = " AND ".join(f"text {op} :w{i} ESCAPE '\\'" for i in range(len(words)))
        count_sql = text(f"SELECT count(*) FROM bench_plain WHERE {where}")
        rows_sql = text(f'SELECT id, source_id, start, "end", text FROM bench_plain WHERE {where} LIMIT 20')
        times = []
        total = 0
        for round_ in range(repeat + 1):
            t0 = time.perf_counter()
            with engine.connect() as conn:
                total = int(conn.execute(count_sql, params).scalar_one())
                conn.execute(rows_sql, params).all()
            if round_:  # the first run warms up
                times.append(time.perf_counter() - t0)
        out.append({
            **_describe(query), "words": words, "total": total,
            "times_ms": [round(t * 1000, 2) for t in times], "median_ms": round(statistics.median(times) * 1000, 2),
        })  # fmt: skip
    return out


def _describe(query: Query) -> dict[str, Any]:
    return {
        "category": query.category,
        "query": query.text,
        "filters": dict(query.filters),
        "facets": list(query.facets),
        "group": query.group,
    }


def samples(results: Sequence[Mapping[str, Any]], only: set[str] | None = None) -> list[float]:
    return [t / 1000 for r in results if "times_ms" in r and (only is None or _key(r) in only) for t in r["times_ms"]]


def _key(r: Mapping[str, Any]) -> str:
    return json.dumps([r["query"], r["filters"], r["facets"]], ensure_ascii=False)


def latency_block(results: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    block: dict[str, Any] = {"all": summary_ms(samples(results))}
    medians = [r["median_ms"] / 1000 for r in results if "median_ms" in r]
    block["per_query_medians"] = summary_ms(medians)
    for category in dict.fromkeys(r["category"] for r in results):
        block[category] = summary_ms(samples([r for r in results if r["category"] == category]))
    block["with_facets_or_filters"] = summary_ms(samples([r for r in results if r["facets"] or r["filters"]]))
    block["plain"] = summary_ms(samples([r for r in results if not (r["facets"] or r["filters"])]))
    return block


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- one run ---------------------------------------------------------------------------------------------


def machine(engine: Engine) -> dict[str, Any]:
    info: dict[str, Any] = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "sqlite": sqlite3.sqlite_version,
    }
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            info["postgresql"] = conn.execute(text("SHOW server_version")).scalar_one()
    return info


def code_version() -> dict[str, Any]:
    """The commit, and a digest of uncommitted changes to the search code (results of runs on different
    working trees are then told apart)."""
    root = Path(__file__).resolve().parent.parent

    def git(*argv: str) -> str:
        done = subprocess.run(["git", *argv], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout

    diff = git("diff", "HEAD", "--", "src/girok/search", "src/girok/extract")
    return {
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "search_diff_sha1": hashlib.sha1(diff.encode()).hexdigest()[:12] if diff else None,
    }


def bench(args: argparse.Namespace, backend: str, path: Path) -> dict[str, Any]:
    load_schema(), load_vocabularies()
    actor = local_operator("bench")
    plain = args.baseline == "on" or (args.baseline == "auto" and args.passages <= 100_000)
    result: dict[str, Any] = {
        "benchmark": "search",
        "backend": backend,
        "passages_target": args.passages,
        "seed": args.seed,
        "per_source": args.per_source,
        "repeat": args.repeat,
        "workers": args.workers,
        "copies": args.copies,
        "complete": False,
        "load_avg": {"start": load_avg()},
    }

    def save() -> None:
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    with fresh_database(backend, args.pg_url, args.keep) as url:
        store = Store(url)
        try:
            store.migrate()
            result["machine"] = machine(store.engine)
            result["code"] = code_version()
            keyring = Keyring.generate()
            if args.keep is not None:
                args.keep.mkdir(parents=True, exist_ok=True)
                (args.keep / "keyring.json").write_text(keyring.to_json(), encoding="utf-8")
                (args.keep / "bench.json").write_text(json.dumps({"backend": backend, "url": url}), encoding="utf-8")
            if plain:
                create_plain_table(store.engine)
            log(f"[{backend}] loading {args.passages} passages ...")
            result["corpus"] = load_corpus(
                store, keyring, actor, args.passages, args.seed, args.per_source, args.batch, plain, args.copies
            )
            result["load_avg"]["after_load"] = load_avg()
            log(f"[{backend}] corpus: {result['corpus']}")
            save()

            if backend == "sqlite":
                result["size_before"] = sqlite_sizes(url)
            if args.copies > 1:
                t0 = time.perf_counter()
                cache = analyse_distinct(args.seed, args.per_source, result["corpus"]["distinct_sources"], args.workers)
                result["analysis"] = {
                    "seconds": round(time.perf_counter() - t0, 1),
                    "texts": len(cache),
                    "chars": sum(len(t) for t in cache),
                    "workers": args.workers,
                }
                log(f"[{backend}] distinct texts analysed beforehand: {result['analysis']}")
                result["build_note"] = (
                    f"each text written {args.copies} times; the analysis (Kiwi, extraction) of the distinct texts "
                    "made beforehand (timed apart) and served to reindex from memory by this harness"
                )
            index = SearchIndex(store, keyring)
            ticks: list[tuple[float, int]] = []
            started = time.perf_counter()

            def progress(records: int) -> None:
                now = time.perf_counter()
                if not ticks or now - ticks[-1][0] > 60:
                    ticks.append((now, records))
                    log(f"  reindex: {records} records after {now - started:.0f} s, load {load_avg()}")

            report = index.reindex(actor, workers=args.workers, progress=progress)
            build_s = time.perf_counter() - started
            result["build"] = {
                "seconds": round(build_s, 1),
                "records": report.records,
                "documents": report.documents,
                "passages_per_s": round(result["corpus"]["passages"] / build_s, 1),
                "chars_per_s": round(result["corpus"]["chars"] / build_s, 1),
            }
            result["load_avg"]["after_build"] = load_avg()
            log(f"[{backend}] build: {result['build']}")
            if backend == "sqlite":
                result["size"] = sqlite_sizes(url)
            else:
                t0 = time.perf_counter()
                with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(text("ANALYZE"))
                result["build"]["analyze_seconds"] = round(time.perf_counter() - t0, 1)
                result["size"] = postgres_sizes(store.engine)
            log(f"[{backend}] index size: {result['size']['index_bytes'] / 1e6:.1f} MB")
            save()
            query_phase(result, store, keyring, actor, args.repeat, plain)
            result["complete"] = True
            save()
        finally:
            store.close()
    return result


def query_phase(result: dict[str, Any], store: Store, keyring: Keyring, actor: Actor, repeat: int, plain: bool) -> None:
    index = SearchIndex(store, keyring)
    log(f"[{result['backend']}] {len(QUERIES)} queries x {repeat} ...")
    queries = run_queries(index, actor, repeat)
    result["queries"] = queries
    result["latency"] = latency_block(queries)
    result["load_avg"]["after_queries"] = load_avg()
    groups: dict[str, dict[str, int]] = {}
    for r in queries:
        if r["group"] and "total" in r:
            groups.setdefault(r["group"], {})[r["query"]] = r["total"]
    result["cross_script"] = groups
    if plain:
        log(f"[{result['backend']}] baseline ({'LIKE' if store.engine.dialect.name == 'sqlite' else 'ILIKE'}) ...")
        baseline = run_baseline(store.engine, store.engine.dialect.name, repeat)
        result["baseline"] = baseline
        both = {_key(r) for r in baseline if "times_ms" in r} & {_key(r) for r in queries if "times_ms" in r}
        base_lat = summary_ms(samples(baseline, both))
        index_lat = summary_ms(samples(queries, both))
        result["baseline_latency"] = {
            "queries_compared": len(both),
            "baseline": base_lat,
            "index": index_lat,
            "ratio_p50": round(base_lat["p50_ms"] / index_lat["p50_ms"], 1),
            "ratio_p95": round(base_lat["p95_ms"] / index_lat["p95_ms"], 1),
        }
        result["load_avg"]["after_baseline"] = load_avg()


def queries_only(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Run the query phase again on a database kept by ``--keep``."""
    meta = json.loads((folder / "bench.json").read_text(encoding="utf-8"))
    keyring = Keyring.from_json((folder / "keyring.json").read_text(encoding="utf-8"))
    store = Store(meta["url"])
    try:
        with store.engine.connect() as conn:
            plain = (
                bool(conn.execute(text("SELECT count(*) FROM bench_plain")).scalar_one())
                if _has_plain(store)
                else False
            )
            passages = int(conn.execute(text("SELECT count(*) FROM search_docs WHERE kind = 'passage'")).scalar_one())
        result: dict[str, Any] = {
            "benchmark": "search",
            "backend": meta["backend"],
            "queries_only": folder.name,  # the folder's name only: results carry no machine paths
            "indexed_passages": passages,
            "repeat": args.repeat,
            "machine": machine(store.engine),
            "code": code_version(),
            "load_avg": {"start": load_avg()},
        }
        query_phase(result, store, keyring, local_operator("bench"), args.repeat, plain)
        result["complete"] = True
    finally:
        store.close()
    return result


def _has_plain(store: Store) -> bool:
    from sqlalchemy import inspect

    return "bench_plain" in inspect(store.engine).get_table_names()


# -- reporting -------------------------------------------------------------------------------------------


def table(result: Mapping[str, Any]) -> str:
    backend = result["backend"]
    lines: list[str] = []
    corpus = result.get("corpus")
    if corpus:
        lines += [
            f"### search on {backend}: {corpus['passages']:,} passages, {corpus['chars']:,} characters, "
            f"{corpus['sources']:,} sources"
            + (
                f" (each text written {corpus['copies']} times, analysed once beforehand)"
                if corpus.get("copies", 1) > 1
                else ""
            ),
            "",
            "| phase | figure |",
            "|---|---|",
            f"| load (create sources) | {corpus['seconds']:.0f} s "
            f"(text generation {corpus['generate_seconds']:.0f} s) |",
        ]
        build = result.get("build")
        if build:
            lines.append(
                f"| index build (reindex, {result['workers']} workers) | {build['seconds']:.0f} s = "
                f"{build['passages_per_s']:.0f} passages/s, {build['chars_per_s'] / 1000:.0f}k chars/s |"
            )
        size = result.get("size")
        if size:
            extra = f", file {size['file_bytes'] / 1e6:.0f} MB" if "file_bytes" in size else ""
            before = result.get("size_before")
            if before:
                extra += f" (before the build {before['file_bytes'] / 1e6:.0f} MB)"
            lines.append(f"| index size | {size['index_bytes'] / 1e6:.0f} MB{extra} |")
        lines.append("")
    else:
        lines += [f"### search on {backend} (queries only, {result.get('indexed_passages', 0):,} passages)", ""]
    lat = result.get("latency")
    if lat:
        lines += [
            f"Query latency, `search(limit=20)` with snippets, {result['repeat']} warm runs of each of "
            f"{len(result['queries'])} queries:",
            "",
            "| queries | p50 ms | p95 ms | p99 ms | max ms | samples |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, s in lat.items():
            lines.append(
                f"| {name} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} | {s['max_ms']:.1f} "
                f"| {s['samples']} |"
            )
        slow = sorted((r for r in result["queries"] if "median_ms" in r), key=lambda r: -r["median_ms"])[:5]
        lines += ["", "Slowest queries (median):", "", "| query | filters | facets | total | median ms |",
                  "|---|---|---|---:|---:|"]  # fmt: skip
        for r in slow:
            filters = ", ".join(f"{k}={'|'.join(v)}" for k, v in r["filters"].items())
            lines.append(
                f"| `{r['query']}` | {filters} | {'yes' if r['facets'] else ''} | {r['total']:,} "
                f"| {r['median_ms']:.1f} |"
            )
        errors = [r for r in result["queries"] if "error" in r]
        for r in errors:
            lines.append(f"\nERROR `{r['query']}`: {r['error']}")
    cross = result.get("cross_script")
    if cross:
        lines += ["", "Cross-script totals:", ""]
        base = {r["query"]: r.get("total") for r in result.get("baseline", []) if "total" in r}
        for group, totals in cross.items():
            parts = []
            for q, n in totals.items():
                b = f" (LIKE {base[q]:,})" if q in base else ""
                parts.append(f"`{q}` {n:,}{b}")
            lines.append(f"- {group}: " + ", ".join(parts))
    bl = result.get("baseline_latency")
    if bl:
        lines += [
            "",
            f"Baseline ({'LIKE' if backend == 'sqlite' else 'ILIKE'} '%word%' per word on a plaintext table, "
            f"count + first 20 rows; {bl['queries_compared']} queries with words, operators and facets ignored):",
            "",
            "| | p50 ms | p95 ms | p99 ms |",
            "|---|---:|---:|---:|",
            _row("baseline scan", bl["baseline"]),
            _row("index (same queries)", bl["index"]),
            f"| ratio baseline / index | {bl['ratio_p50']:.1f}x | {bl['ratio_p95']:.1f}x | |",
        ]
    lines.append(f"\nLoad average: {result['load_avg']}")
    if not result.get("complete"):
        lines.append("INCOMPLETE: the run did not finish.")
    return "\n".join(lines)


def _row(name: str, s: Mapping[str, Any]) -> str:
    return f"| {name} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} |"


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so a stopped run still drops its PostgreSQL schema and keeps its JSON


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--passages", type=int, default=100_000, help="passages to write (at least)")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL URL (a fresh schema is made and dropped)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each query (after one warm-up)")
    parser.add_argument("--workers", type=int, default=2, help="reindex worker processes")
    parser.add_argument("--per-source", type=int, default=10, help="testimonies per Source transcript")
    parser.add_argument("--batch", type=int, default=200, help="sources per transaction while loading")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--copies", type=int, default=1,
        help="write each generated text this many times (its analysis made once, beforehand, timed apart): "
        "a large index for query latency without paying the text analysis of every copy",
    )  # fmt: skip
    parser.add_argument(
        "--baseline", choices=("auto", "on", "off"), default="auto",
        help="the LIKE/ILIKE baseline (auto: when --passages <= 100000)",
    )  # fmt: skip
    parser.add_argument(
        "--keep", type=Path, help="keep the database and keyring in this folder (PostgreSQL: the schema)"
    )
    parser.add_argument(
        "--queries-only", type=Path, metavar="DIR", help="rerun the queries on a database kept by --keep"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for the JSON results")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    if args.queries_only is not None:
        result = queries_only(args, args.queries_only)
        path = args.output / f"search-{result['backend']}-{result['indexed_passages']}-queries.json"
        path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(table(result) + f"\n\nJSON: {path}\n", flush=True)
        return 0
    if args.passages < 1 or args.repeat < 1:
        parser.error("--passages and --repeat must be at least 1")
    if args.keep is not None and args.backend == "both":
        parser.error("--keep takes one backend")
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    for backend in backends:
        suffix = f"-x{args.copies}" if args.copies > 1 else ""
        path = args.output / f"search-{backend}-{args.passages}{suffix}.json"
        result = bench(args, backend, path)
        print(table(result) + f"\n\nJSON: {path}\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
