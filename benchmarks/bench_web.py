"""The web app under load: requests per second and latency of four endpoints on the real server.

Starts ``girok serve`` on a data home (SQLite, or PostgreSQL through ``--db``, given to the server as
GIROK_DB) as a subprocess, signs ``--clients`` clients in through the real sign-in form (each its own
connection and session cookie), then, one endpoint at a time, has every client send requests back to
back for ``--warmup`` seconds (not counted) and then ``--seconds`` seconds (counted):

- dashboard: ``GET /``
- record: ``GET /records/{id}``, rotating over ~200 Violation ids spread over the collection
- search: ``GET /search?q=...``, rotating over a fixed list of Korean and English queries
- api: ``GET /api/records?type=Violation&limit=50&offset=...``, rotating over offsets spread over the list

Each request's latency is the time from sending it to having read the whole body. Any answer other than
2xx counts as an error (a run with errors is not a result). The server is stopped at the end.

    .venv/bin/python benchmarks/bench_web.py --home bench-homes/web-sqlite
    .venv/bin/python benchmarks/bench_web.py --home bench-homes/web-pg \
        --db postgresql+psycopg://postgres@127.0.0.1:5432/girok_bench_web
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import itertools
import json
import os
import platform
import re
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from sqlalchemy import create_engine, select, text
from sqlalchemy.pool import NullPool

from girok.errors import NotFoundError
from girok.home import Home
from girok.services.accounts import Accounts
from girok.services.actor import local_operator
from girok.store import tables as t
from girok.store.store import Store

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
GIROK = ROOT / ".venv" / "bin" / "girok"
BENCH_USER = "bench-web"
ENDPOINTS = ("dashboard", "record", "search", "api")
RECORD_IDS = 200
API_LIMIT = 50
API_OFFSETS = 40

#: Fixed: the figures of different runs are comparable only while this list stays as it is. Places in
#: several spellings and scripts, words in both languages, names of the demo generator.
SEARCH_QUERIES: tuple[str, ...] = (
    "Yodok",
    "요덕",
    "Yodeok",
    "Hoeryong",
    "회령",
    "Hoeryŏng",
    "Chongori",
    "전거리",
    "torture",
    "고문",
    "구타",
    "beaten",
    '"forced labour"',
    "강제노동",
    "보위부",
    "executed",
    "총살",
    "Kim Yong Ho",
    "김영호",
    "박미옥",
)


# -- the home and the server -----------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def server_env(db: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GIROK_HOME", None)
    if db:
        env["GIROK_DB"] = db
    else:
        env.pop("GIROK_DB", None)
    return env


def build_home(home: Path, db: str | None, size: int) -> None:
    """Fill the home with the fictional demo collection (``girok demo``), as a user would."""
    log(f"building {home}: girok demo --size {size} --seed 1 ...")
    started = time.perf_counter()
    subprocess.run(
        [str(GIROK), "--home", str(home), "demo", "--size", str(size), "--seed", "1"],
        env=server_env(db),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    log(f"built in {time.perf_counter() - started:.0f} s")


def record_count(home: Path, db: str | None) -> int:
    if not Home.from_env(server_env(db), path=home).is_initialised:
        return 0
    store, _ = Home.from_env(server_env(db), path=home).open()
    try:
        with store.read() as conn:
            return sum(Store.count_records(conn).values())
    finally:
        store.close()


@dataclass
class Prepared:
    password: str
    counts: dict[str, int]
    violation_ids: list[str]
    violations: int
    database: dict[str, Any] = field(default_factory=dict)


def prepare(home: Path, db: str | None) -> Prepared:
    """The bench account (admin, cleared for everything; a fresh random password each run), the record
    counts and the Violation ids the record page rotates over (spread evenly over the collection)."""
    store, _ = Home.from_env(server_env(db), path=home).open()
    try:
        accounts = Accounts(store)
        operator = local_operator("local:bench-web")
        password = secrets.token_urlsafe(18)
        try:
            accounts.get(BENCH_USER)
        except NotFoundError:
            accounts.add_user(operator, BENCH_USER, password, role="admin", clearance="restricted")
            log(f"added the account {BENCH_USER} (admin, clearance restricted)")
        else:
            accounts.update_user(operator, BENCH_USER, role="admin", clearance="restricted", disabled=False)
            accounts.reset_password(operator, BENCH_USER, password)
        with store.read() as conn:
            counts = Store.count_records(conn)
            ids = list(
                conn.execute(
                    select(t.records.c.id)
                    .where(t.records.c.type == "Violation", t.records.c.deleted_at.is_(None))
                    .order_by(t.records.c.id)
                ).scalars()
            )
            database: dict[str, Any] = {"dialect": store.engine.dialect.name, "sqlite": sqlite3.sqlite_version}
            if store.engine.dialect.name == "postgresql":
                database["postgresql"] = conn.execute(text("SHOW server_version")).scalar_one()
                database["autovacuum"] = conn.execute(text("SHOW autovacuum")).scalar_one()
            else:
                database["file_bytes"] = (home / "girok.db").stat().st_size
        if store.engine.dialect.name == "postgresql":
            # Planner statistics as autovacuum keeps them on a normal server (the test server here runs
            # with autovacuum off, and a fresh demo load was never analysed).
            started = time.perf_counter()
            with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("ANALYZE"))
            database["analyze_s"] = round(time.perf_counter() - started, 1)
    finally:
        store.close()
    if not ids:
        raise SystemExit("the home holds no Violation records (use --build N)")
    step = max(1, len(ids) // RECORD_IDS)
    return Prepared(password, dict(sorted(counts.items())), ids[::step][:RECORD_IDS], len(ids), database)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(home: Path, db: str | None, port: int, log_path: Path, workers: int = 1) -> subprocess.Popen[bytes]:
    out = log_path.open("wb")
    process = subprocess.Popen(
        [str(GIROK), "--home", str(home), "serve", "--port", str(port), "--workers", str(workers)],
        env=server_env(db),
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped as one, never by name
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server stopped (exit {process.returncode}); see {log_path}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"the server did not answer within 120 s; see {log_path}")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def cpu_snapshot() -> dict[int, tuple[str, float, float]]:
    """Every process's name, its own CPU seconds so far and those of its children that ended (the
    postmaster reaps PostgreSQL's backends, so the CPU of closed connections shows there)."""
    found: dict[int, tuple[str, float, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                raw = (entry / "stat").read_text()
            except OSError:  # ended meanwhile
                continue
            name = raw[raw.index("(") + 1 : raw.rindex(")")]
            f = raw.rsplit(")", 1)[1].split()
            found[int(entry.name)] = (name, (int(f[11]) + int(f[12])) / tick, (int(f[13]) + int(f[14])) / tick)
    return found


def server_processes(server: int) -> set[int]:
    """The server and its worker processes (``girok serve --workers N``), by parent process id."""
    family = {server}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                raw = (entry / "stat").read_text()
            except OSError:
                continue
            if int(raw.rsplit(")", 1)[1].split()[1]) == server:
                family.add(int(entry.name))
    return family


def cores_used(
    before: dict[int, tuple[str, float, float]],
    after: dict[int, tuple[str, float, float]],
    server: int,
    wall: float,
    busy: float,
) -> dict[str, float]:
    """Cores used during a phase by the server, this client process, PostgreSQL (its processes and the
    backends of connections closed meanwhile) and the rest of the machine (``busy`` CPU seconds in all,
    less those: other people's jobs; the figures are clean only when it is near 0)."""
    used = {"server": 0.0, "client": 0.0, "postgres": 0.0}
    family = server_processes(server)
    for pid, (name, own, children) in after.items():
        _, own0, children0 = before.get(pid, (name, 0.0, 0.0))
        if pid in family:
            used["server"] += own - own0
        elif pid == os.getpid():
            used["client"] += own - own0
        elif name.startswith("postgres"):
            used["postgres"] += own - own0 + children - children0
    cores = {key: round(value / wall, 2) for key, value in used.items()}
    cores["other"] = round(max(0.0, busy - sum(used.values())) / wall, 2)
    return cores


def pg_sessions(url: str | None) -> int | None:
    """Sessions PostgreSQL has counted on the database so far (connections opened), or None."""
    if not url or not url.startswith("postgresql"):
        return None
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            query = "SELECT sessions FROM pg_stat_database WHERE datname = current_database()"
            return int(conn.execute(text(query)).scalar_one())
    finally:
        engine.dispose()


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far (from /proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / ticks, sum(values) / ticks


# -- the clients -----------------------------------------------------------------------------------------


CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


async def sign_in(client: httpx.AsyncClient, password: str) -> None:
    """The sign-in form as a browser sends it. The server's cookies are Secure, which a cookie jar keeps
    from plain http://127.0.0.1, so the client carries them itself (one jar per client)."""
    form = await client.get("/login")
    form.raise_for_status()
    found = CSRF_FIELD.search(form.text)
    if found is None:
        raise SystemExit("no csrf field in the sign-in form")
    login_cookie = form.cookies.get("girok_login_csrf")
    if not login_cookie:
        raise SystemExit("the sign-in form set no girok_login_csrf cookie")
    done = await client.post(
        "/login",
        data={"username": BENCH_USER, "password": password, "csrf": found.group(1), "next": "/"},
        headers={"Cookie": f"girok_login_csrf={login_cookie}"},
    )
    session = done.cookies.get("girok_session")
    if done.status_code != 303 or not session:
        raise SystemExit(f"sign-in failed: {done.status_code} {done.text[:200]}")
    client.headers["Cookie"] = f"girok_session={session}"


@dataclass
class Sample:
    latency: float
    status: int
    size: int
    url: str


async def hammer(
    clients: Sequence[httpx.AsyncClient], urls: Callable[[], str], seconds: float
) -> tuple[list[Sample], float]:
    """Every client sends requests back to back until ``seconds`` have passed (the requests in flight
    then are finished and counted); returns the samples and the wall time until the last finished."""
    samples: list[Sample] = []
    started = time.perf_counter()
    deadline = started + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        while time.perf_counter() < deadline:
            url = urls()
            t0 = time.perf_counter()
            try:
                response = await client.get(url)
                body = await response.aread()
                samples.append(Sample(time.perf_counter() - t0, response.status_code, len(body), url))
            except httpx.HTTPError as error:
                samples.append(Sample(time.perf_counter() - t0, 0, 0, f"{url} ({type(error).__name__})"))

    await asyncio.gather(*(worker(c) for c in clients))
    return samples, time.perf_counter() - started


def rotating(items: Sequence[str]) -> Callable[[], str]:
    cycle: Iterator[str] = itertools.cycle(items)
    return lambda: next(cycle)


def endpoint_urls(prepared: Prepared) -> dict[str, list[str]]:
    pages = max(1, (prepared.violations + API_LIMIT - 1) // API_LIMIT)
    step = max(1, pages // API_OFFSETS)
    offsets = [page * API_LIMIT for page in range(0, pages, step)][:API_OFFSETS]
    return {
        "dashboard": ["/"],
        "record": [f"/records/{rid}" for rid in prepared.violation_ids],
        "search": ["/search?" + urlencode({"q": q}) for q in SEARCH_QUERIES],
        "api": [f"/api/records?type=Violation&limit={API_LIMIT}&offset={o}" for o in offsets],
    }


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def summarise(samples: Sequence[Sample], wall: float) -> dict[str, Any]:
    ok = [s for s in samples if 200 <= s.status < 300]
    errors = [s for s in samples if not 200 <= s.status < 300]
    lat = [s.latency for s in samples]
    return {
        "requests": len(samples),
        "seconds": round(wall, 2),
        "requests_per_s": round(len(ok) / wall, 1) if wall else 0.0,
        "p50_ms": round(percentile(lat, 50) * 1000, 1),
        "p95_ms": round(percentile(lat, 95) * 1000, 1),
        "p99_ms": round(percentile(lat, 99) * 1000, 1),
        "max_ms": round(max(lat) * 1000, 1) if lat else float("nan"),
        "mean_ms": round(sum(lat) / len(lat) * 1000, 1) if lat else float("nan"),
        "errors": len(errors),
        "statuses": dict(sorted(Counter(str(s.status) for s in samples).items())),
        "error_examples": sorted({f"{s.status} {s.url}" for s in errors})[:10],
        "mean_bytes": round(sum(s.size for s in ok) / len(ok)) if ok else 0,
        "slowest_urls": slowest(samples),
    }


def slowest(samples: Sequence[Sample], count: int = 5) -> list[dict[str, Any]]:
    """The URLs with the highest median latency (which query, which offset costs most)."""
    by_url: dict[str, list[float]] = {}
    for s in samples:
        by_url.setdefault(s.url, []).append(s.latency)
    medians = sorted(((percentile(v, 50), u, len(v)) for u, v in by_url.items()), reverse=True)[:count]
    return [{"url": u, "median_ms": round(m * 1000, 1), "requests": n} for m, u, n in medians]


async def run_endpoints(
    base: str, prepared: Prepared, args: argparse.Namespace, server_pid: int, result: dict[str, Any]
) -> None:
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    clients = [httpx.AsyncClient(base_url=base, timeout=120, limits=limits) for _ in range(args.clients)]
    try:
        # one sign-in at a time: argon2id takes 64 MiB and most of a core per password check
        for client in clients:
            await sign_in(client, prepared.password)
        log(f"{len(clients)} clients signed in")
        urls = endpoint_urls(prepared)
        for name in args.endpoints:
            log(f"{name}: {args.warmup:g} s warm-up, then {args.seconds:g} s with {len(clients)} clients ...")
            await hammer(clients, rotating(urls[name]), args.warmup)
            load_before = load_avg()
            sessions0 = pg_sessions(args.db)
            snapshot0, (busy0, total0) = cpu_snapshot(), machine_busy()
            samples, wall = await hammer(clients, rotating(urls[name]), args.seconds)
            snapshot1, (busy1, total1) = cpu_snapshot(), machine_busy()
            sessions1 = pg_sessions(args.db)
            figures = summarise(samples, wall)
            figures["distinct_urls"] = len(urls[name])
            figures["cores"] = cores_used(snapshot0, snapshot1, server_pid, wall, busy1 - busy0)
            if sessions0 is not None and sessions1 is not None:
                # the server's pool keeps 5 connections; more at once are opened and closed again
                figures["postgres_sessions_opened"] = sessions1 - sessions0 - 1  # less our own count query
            figures["machine_busy_share"] = round((busy1 - busy0) / max(1e-9, total1 - total0), 3)
            figures["load_avg"] = {"before": load_before, "after": load_avg()}
            result["endpoints"][name] = figures
            log(
                f"{name}: {figures['requests_per_s']} req/s, p50 {figures['p50_ms']} ms, "
                f"p95 {figures['p95_ms']} ms, errors {figures['errors']}, cores {figures['cores']}, "
                f"machine busy {figures['machine_busy_share']:.0%}"
            )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))


# -- reporting -------------------------------------------------------------------------------------------


def code_version() -> dict[str, Any]:
    """The commit, a digest of uncommitted changes to the app and its new files (runs told apart)."""

    def git(*argv: str) -> str:
        return subprocess.run(["git", *argv], cwd=ROOT, capture_output=True, text=True, check=False).stdout

    diff = git("diff", "HEAD", "--", "src/girok")
    # the server runs the working tree: files not committed yet (other work in progress) are part of it
    untracked = git("ls-files", "--others", "--exclude-standard", "--", "src/girok").split()
    return {
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "src_diff_sha1": hashlib.sha1(diff.encode()).hexdigest()[:12] if diff else None,
        "src_untracked": untracked,
    }


def table(result: dict[str, Any]) -> str:
    counts = result["records"]
    lines = [
        f"### web on {result['backend']}: {counts.get('Violation', 0):,} violations, "
        f"{sum(counts.values()):,} records; {result['clients']} clients, {result['seconds']:g} s per endpoint",
        "",
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | max ms | requests | errors "
        "| cores: server / client / postgres / other | machine busy |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name, f in result["endpoints"].items():
        c = f["cores"]
        lines.append(
            f"| {name} | {f['requests_per_s']:.1f} | {f['p50_ms']:.0f} | {f['p95_ms']:.0f} | {f['p99_ms']:.0f} "
            f"| {f['max_ms']:.0f} | {f['requests']:,} | {f['errors']} "
            f"| {c['server']:.2f} / {c['client']:.2f} / {c['postgres']:.2f} / {c['other']:.2f} "
            f"| {f['machine_busy_share']:.0%} |"
        )
    opened = {
        n: f["postgres_sessions_opened"] for n, f in result["endpoints"].items() if "postgres_sessions_opened" in f
    }
    if opened:
        lines.append("\nPostgreSQL connections opened during each measurement: " + str(opened))
    for name, f in result["endpoints"].items():
        if f["errors"]:
            lines.append(f"\nERRORS on {name} (not a result): {f['statuses']} e.g. {f['error_examples'][:3]}")
    lines.append(f"\nLoad average: {result['load_avg']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a Girok data home")
    parser.add_argument("--db", help="the database URL (GIROK_DB) when the records are not in the home's SQLite")
    parser.add_argument("--build", type=int, metavar="N", help="run 'girok demo --size N --seed 1' if it is empty")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (each its own session)")
    parser.add_argument("--seconds", type=float, default=30, help="measured seconds per endpoint")
    parser.add_argument("--warmup", type=float, default=3, help="unmeasured seconds per endpoint first")
    parser.add_argument("--endpoints", default=",".join(ENDPOINTS), help=f"a subset of {','.join(ENDPOINTS)}")
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: a free one)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (girok serve --workers)")
    parser.add_argument("--output", type=Path, help="the JSON results (default results/web-<backend>.json)")
    args = parser.parse_args(argv)
    args.endpoints = [e.strip() for e in args.endpoints.split(",") if e.strip()]
    if unknown := set(args.endpoints) - set(ENDPOINTS):
        parser.error(f"unknown endpoints: {', '.join(sorted(unknown))}")
    if args.clients < 1 or args.seconds <= 0 or args.warmup < 0:
        parser.error("--clients must be at least 1, --seconds positive, --warmup not negative")
    home = args.home.expanduser().absolute()

    if record_count(home, args.db) == 0:
        if not args.build:
            raise SystemExit(f"{home} holds no records: pass --build N to fill it with the demo collection")
        build_home(home, args.db, args.build)
    prepared = prepare(home, args.db)
    backend = prepared.database["dialect"]
    output = args.output or RESULTS / f"web-{backend}.json"
    result: dict[str, Any] = {
        "benchmark": "web",
        "backend": backend,
        "home": home.name,  # the folder's name only: results carry no machine paths
        "records": prepared.counts,
        "clients": args.clients,
        "workers": args.workers,
        "seconds": args.seconds,
        "warmup": args.warmup,
        "search_queries": list(SEARCH_QUERIES),
        "record_ids": len(prepared.violation_ids),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "database": prepared.database,
            "note": "the clients (one asyncio process, httpx) and the server share the same cores",
        },
        "code": code_version(),
        "load_avg": {"start": load_avg()},
        "endpoints": {},
        "complete": False,
    }
    port = args.port or free_port()
    server_log = Path(tempfile.gettempdir()) / f"bench-web-server-{backend}.log"
    log(f"starting girok serve on port {port} ({backend}; server output in {server_log}) ...")
    started = time.perf_counter()
    process = start_server(home, args.db, port, server_log, args.workers)
    result["server_start_s"] = round(time.perf_counter() - started, 1)
    try:
        result["load_avg"]["server_up"] = load_avg()
        asyncio.run(run_endpoints(f"http://127.0.0.1:{port}", prepared, args, process.pid, result))
        result["load_avg"]["end"] = load_avg()
        result["complete"] = True
    finally:
        stop_server(process)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(result) + f"\n\nJSON: {output}\n", flush=True)
    return 0 if all(f["errors"] == 0 for f in result["endpoints"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
