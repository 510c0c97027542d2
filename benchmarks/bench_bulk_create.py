"""Bulk creation through the services: records per second, and what the audit chain and encryption cost.

Writes the fictional demo collection (girok.demo) until it holds N violations, with their victims,
witnesses, relatives, sources, events, relations and citations, one service call per record, into a
fresh database. Four variants of the same load (same seed, so the same records):

  full           the services as shipped: every write hash-chained into the audit log, identities sealed
  no-audit       revisions still written, but no audit entry (Store.append_audit skipped)
  no-encryption  every record created with protection "none", so nothing is sealed
  neither        both switched off

The switches live only in this harness (a Collection subclass below); the services have none. The
cost of a feature is reported as a ratio: throughput without it / throughput with it (1.25 = the feature
makes the load 25% slower). Results: a Markdown table on stdout, JSON in benchmarks/results/.

    .venv/bin/python benchmarks/bench_bulk_create.py --backend both --violations 2000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, make_url

from girok.demo.generator import iter_batches
from girok.schema.model import load_schema
from girok.schema.vocabulary import load_vocabularies
from girok.security.keyring import Keyring
from girok.services.actor import Actor
from girok.services.records import Collection, Record
from girok.store.store import Store

RESULTS = Path(__file__).parent / "results"
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
VARIANTS = {  # name -> (audit chain on, encryption on)
    "full": (True, True),
    "no-audit": (False, True),
    "no-encryption": (True, False),
    "neither": (False, False),
}


class BenchCollection(Collection):
    """The services with the audit chain and/or field encryption switched off, for measuring only."""

    def __init__(self, store: Store, keyring: Keyring, *, audit: bool, encryption: bool) -> None:
        super().__init__(store, keyring)
        self.audit = audit
        self.encryption = encryption

    def create(self, actor: Actor, record_type: str, data: Mapping[str, Any], **options: Any) -> Record:
        if not self.encryption:
            options["protection"] = "none"
        return super().create(actor, record_type, data, **options)

    def _append_audit(
        self,
        conn: Connection,
        actor: Actor,
        action: str,
        row: Mapping[str, Any],
        at: str,
        details: Mapping[str, Any] | None,
    ) -> None:
        if self.audit:  # off: the revision is still written, the audit entry is not
            super()._append_audit(conn, actor, action, row, at, details)


@contextmanager
def fresh_database(backend: str, pg_url: str) -> Iterator[str]:
    """An empty database: a SQLite file in a temporary folder, or a PostgreSQL schema dropped afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="girok-bench-") as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    engine = create_engine(pg_url)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def run_once(backend: str, pg_url: str, variant: str, violations: int, seed: int) -> dict[str, Any]:
    audit, encryption = VARIANTS[variant]
    actor = Actor(name="bench", role="admin", clearance="restricted")
    with fresh_database(backend, pg_url) as url:
        store = Store(url)
        try:
            store.migrate()
            collection = BenchCollection(store, Keyring.generate(), audit=audit, encryption=encryption)
            counts: Counter[str] = Counter()
            started = time.perf_counter()
            for batch in iter_batches(collection, actor, seed=seed, batch_size=10):
                counts.update(batch)
                if counts["Violation"] >= violations:
                    break
            seconds = time.perf_counter() - started
        finally:
            store.close()
    records = sum(counts.values())
    return {
        "seconds": round(seconds, 3),
        "records": records,
        "violations": counts["Violation"],
        "by_type": dict(sorted(counts.items())),
        "records_per_s": round(records / seconds, 1),
        "violations_per_s": round(counts["Violation"] / seconds, 1),
    }


def summarise(
    backend: str, runs: dict[str, list[dict[str, Any]]], violations: int, repeat: int, seed: int
) -> dict[str, Any]:
    """Medians over the runs so far (all of them once complete; a killed benchmark leaves what it had)."""
    variants = {
        name: {
            "runs": items,
            "median_seconds": statistics.median(r["seconds"] for r in items),
            "median_records_per_s": statistics.median(r["records_per_s"] for r in items),
            "median_violations_per_s": statistics.median(r["violations_per_s"] for r in items),
            "records": items[0]["records"],
            "violations": items[0]["violations"],
        }
        for name, items in runs.items()
        if items
    }
    rate = {name: v["median_records_per_s"] for name, v in variants.items()}
    ratios = {  # throughput without the feature / with it: >1 means the feature costs time
        key: round(rate[without] / rate["full"], 3)
        for key, without in (("audit_cost", "no-audit"), ("encryption_cost", "no-encryption"), ("both_cost", "neither"))
        if "full" in rate and without in rate
    }
    return {
        "benchmark": "bulk_create",
        "backend": backend,
        "violations_target": violations,
        "repeat": repeat,
        "complete": all(len(items) == repeat for items in runs.values()),
        "seed": seed,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "variants": variants,
        "ratios": ratios,
    }


def bench(
    backend: str,
    pg_url: str,
    violations: int,
    repeat: int,
    seed: int,
    path: Path | None = None,
    variants: tuple[str, ...] = tuple(VARIANTS),
) -> dict[str, Any]:
    """Run each variant ``repeat`` times; after each run the summary so far is written to ``path``."""
    load_schema(), load_vocabularies()  # loaded once per process: not part of any run's time
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in variants}
    for round_ in range(repeat):  # variants interleaved, so drift on the machine hits them alike
        for name in variants:
            result = run_once(backend, pg_url, name, violations, seed)
            runs[name].append(result)
            print(
                f"[{backend}] round {round_ + 1}/{repeat} {name:<13} {result['records']} records "
                f"in {result['seconds']:.1f} s = {result['records_per_s']:.0f} records/s",
                file=sys.stderr,
                flush=True,
            )
            if path is not None:
                summary = summarise(backend, runs, violations, repeat, seed)
                path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summarise(backend, runs, violations, repeat, seed)


def table(result: dict[str, Any]) -> str:
    lines = [
        f"### bulk_create on {result['backend']}: {next(iter(result['variants'].values()))['violations']} violations, "
        f"median of {result['repeat']}",
        "",
        "| variant | records | violations | median s | records/s | violations/s | slowdown vs fastest |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    fastest = max(v["median_records_per_s"] for v in result["variants"].values())
    for name, v in result["variants"].items():
        lines.append(
            f"| {name} | {v['records']} | {v['violations']} | {v['median_seconds']:.1f} | "
            f"{v['median_records_per_s']:.0f} | {v['median_violations_per_s']:.0f} | "
            f"{fastest / v['median_records_per_s']:.2f}x |"
        )
    names = {"audit_cost": "audit chain", "encryption_cost": "encryption", "both_cost": "both"}
    costs = "; ".join(f"{names[key]}: {value:.2f}x" for key, value in result["ratios"].items())
    lines += ["", f"Cost (throughput without / with): {costs or 'n/a'}."]
    if not result["complete"]:
        lines.append("INCOMPLETE: not every run finished.")
    return "\n".join(lines)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so a stopped run still drops its PostgreSQL schema and keeps its JSON


def main(argv: list[str] | None = None) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--violations", type=int, default=100_000, help="violations to create per run")
    parser.add_argument("--pg-url", default=DEFAULT_PG, help="PostgreSQL URL (a fresh schema is made and dropped)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per variant; the median is reported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--variants", default=",".join(VARIANTS), help=f"comma-separated subset of {', '.join(VARIANTS)}"
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="folder for the JSON results")
    args = parser.parse_args(argv)
    if args.violations < 1 or args.repeat < 1:
        parser.error("--violations and --repeat must be at least 1")
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    if not variants or set(variants) - set(VARIANTS):
        parser.error(f"--variants: choose from {', '.join(VARIANTS)}")
    backends = ("sqlite", "postgresql") if args.backend == "both" else (args.backend,)
    args.output.mkdir(parents=True, exist_ok=True)
    for backend in backends:
        path = args.output / f"bulk_create-{backend}.json"
        result = bench(backend, args.pg_url, args.violations, args.repeat, args.seed, path, variants)
        print(table(result) + f"\n\nJSON: {path}\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
