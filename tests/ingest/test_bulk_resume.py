"""A bulk ingest killed half-way (kill -9) leaves a consistent store; the same command again finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from ingest_files import make_docx, make_pdf

from girok.home import Home
from girok.services import audit
from girok.services.actor import Actor
from girok.store.store import Store

FILES = 60


def _corpus(folder: Path) -> None:
    folder.mkdir()
    for index in range(FILES):
        text = f"Testimony {index}: taken to the Onsong bowibu in {1990 + index % 30}. 증언 {index}번."
        if index % 3 == 0:
            (folder / f"t{index:03}.docx").write_bytes(make_docx([text, "second paragraph"]))
        elif index % 3 == 1:
            (folder / f"t{index:03}.pdf").write_bytes(make_pdf([[text], ["page two"]]))
        else:
            (folder / f"t{index:03}.txt").write_bytes(text.encode("cp949"))


def _counts(home: Home) -> dict[str, int]:
    store = Store(home.db_url)
    try:
        with store.read() as conn:
            return Store.count_records(conn)
    finally:
        store.close()


def test_kill_9_then_run_again_gives_one_source_per_file(home: Home, tmp_path: Path) -> None:
    home.init()[0].close()
    folder = tmp_path / "corpus"
    _corpus(folder)
    command = [sys.executable, "-m", "girok.cli.main", "ingest", str(folder), "--from", "NGO A", "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while _counts(home).get("Source", 0) < 5 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, mid-run
    process.wait()
    partial = _counts(home)
    assert partial.get("Source", 0) == partial.get("Custody", 0)  # each file whole, or not at all
    assert partial.get("Source", 0) < FILES, "the run finished before it could be killed; make the corpus bigger"

    finished = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"{FILES - partial['Source']} ingested, 0 again" in finished.stdout
    assert _counts(home) == {"Source": FILES, "Custody": FILES}
    store, _ = home.open()
    try:
        assert audit.verify(store, Actor(name="checker", role="reviewer", clearance="restricted")).ok
    finally:
        store.close()


def _workers(parent: int) -> list[int]:
    """Worker processes of a bulk ingest (not multiprocessing's resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and b"spawn_main" in cmdline and b"resource_tracker" not in cmdline:
            found.append(int(entry.name))
    return found


def test_a_killed_worker_stops_the_run_cleanly_and_a_rerun_finishes(home: Home, tmp_path: Path) -> None:
    home.init()[0].close()
    folder = tmp_path / "corpus"
    _corpus(folder)
    command = [sys.executable, "-m", "girok.cli.main", "ingest", str(folder), "--workers", "2"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _counts(home).get("Source", 0) < 3 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    workers = _workers(process.pid)
    assert workers, "no worker process found to kill"
    os.kill(workers[0], signal.SIGKILL)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "a worker process died after" in err and "run the same command again to finish" in err
    assert "Traceback" not in err
    partial = _counts(home)
    assert partial.get("Source", 0) == partial.get("Custody", 0) < FILES

    finished = subprocess.run(command, capture_output=True, text=True, check=False, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert _counts(home) == {"Source": FILES, "Custody": FILES}
