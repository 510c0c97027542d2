"""The `girok` command end to end, in-process (and once as a real process), on both backends."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from girok import __version__
from girok.cli.main import main
from girok.home import Home


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"girok {__version__}\n", "")


def test_add_show_edit_list(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    code, out, err = run(
        capsys,
        "add",
        "person",
        "--name",
        "김영호",
        "--name",
        "Kim Yong-ho",
        "--protection",
        "protected",
        "--json",
    )
    assert code == 0, err
    person = json.loads(out)
    assert person["data"]["names"] == [{"text": "김영호"}, {"text": "Kim Yong-ho"}]
    code, out, _ = run(capsys, "add", "violation", "--type", "torture", "--victim", person["id"], "--json")
    violation = json.loads(out)
    assert violation["data"]["coi_area"] == "coi-torture"
    code, out, err = run(capsys, "edit", person["id"], "--birth-date", "주체54년", "--reason", "from interview 2")
    assert code == 0, err
    assert "birth_date: 1965" in out
    code, out, _ = run(capsys, "show", person["id"], "--history", "--json")
    shown = json.loads(out)
    assert [h["action"] for h in shown["history"]] == ["create", "update"]
    code, out, _ = run(capsys, "list", "person")
    assert person["id"] in out and "김영호" in out


def test_errors_are_one_line_with_exit_codes(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "list")
    assert code == 1 and err == "error: no data home here: run 'girok init' first (or set GIROK_HOME)\n"
    run(capsys, "init")
    code, _, err = run(capsys, "init")
    assert code == 1 and err == "error: this data home is already initialised; nothing was changed\n"
    code, _, err = run(capsys, "add", "violation", "--type", "beating")
    assert code == 1
    assert err == "error: Violation.type: unknown vocabulary id 'beating' in violation_types (did you mean torture?)\n"
    code, _, err = run(capsys, "add", "person", "--name", "Kim", "--birth-date", "1997-02-30")
    assert code == 1 and err.startswith("error: Person.birth_date:") and err.count("\n") == 1
    code, _, err = run(capsys, "add", "person", "--no-such-option", "x")
    assert code == 2 and err.startswith("error: No such option") and err.count("\n") == 1
    code, _, err = run(capsys, "show", "per_01JNOTTHERE000000000000000")
    assert code == 1 and err == "error: no record per_01JNOTTHERE000000000000000\n"


def test_stale_edit_conflicts(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init")
    person = json.loads(run(capsys, "add", "person", "--name", "Pak", "--json")[1])
    assert run(capsys, "edit", person["id"], "--sex", "male", "--expect-version", "1")[0] == 0
    code, _, err = run(capsys, "edit", person["id"], "--sex", "female", "--expect-version", "1")
    assert code == 1 and "changed by someone else" in err


def test_link_cite_status_and_reviewer_rule(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init")
    parent = json.loads(run(capsys, "add", "person", "--name", "리순옥", "--json")[1])["id"]
    child = json.loads(run(capsys, "add", "person", "--name", "리철", "--json")[1])["id"]
    assert run(capsys, "link", parent, "parent-of", child)[0] == 0
    violation = json.loads(
        run(capsys, "add", "violation", "--type", "collective-punishment", "--victim", child, "--json")[1]
    )["id"]
    for title in ("Interview A", "Interview B"):
        source = json.loads(run(capsys, "add", "source", "--title", title, "--kind", "testimony", "--json")[1])["id"]
        assert run(capsys, "cite", violation, source, "--start", "0", "--end", "5")[0] == 0
    assert run(capsys, "--as", "alice", "status", violation, "corroborated") == (
        0,
        f"{violation} is now corroborated (version 2)\n",
        "",
    )
    code, _, err = run(capsys, "status", violation, "verified")
    assert code == 1 and "cannot be verified by its author" in err
    code, out, _ = run(capsys, "--as", "bob", "--role", "reviewer", "status", violation, "verified")
    assert code == 0 and "verified" in out


def test_export_import_audit_and_keys(
    home: Home,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    db_urls: Callable[[], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(capsys, "init")
    run(capsys, "add", "person", "--name", "홍길순", "--protection", "high")
    export = tmp_path / "export.jsonl"
    assert run(capsys, "export", str(export))[0] == 0
    assert "홍길순" not in export.read_text(encoding="utf-8")
    code, _, err = run(capsys, "export", str(export))
    assert code == 1 and "already exists" in err
    assert run(capsys, "audit", "verify")[1].startswith("audit chain intact: 1 entries")
    code, out, _ = run(capsys, "audit", "log", "--json")
    assert code == 0 and [e["action"] for e in json.loads(out)] == ["record.create"]
    assert "홍길순" not in out
    key = tmp_path / "key.json"
    assert run(capsys, "keys", "export", str(key))[0] == 0
    code, out, _ = run(capsys, "keys", "rotate")
    assert code == 0 and "re-encrypted 1 records" in out

    second = tmp_path / "second"
    env = ["--home", str(second)]
    monkeypatch.setenv("GIROK_DB", db_urls())
    assert run(capsys, *env, "init", "--key-file", str(key))[0] == 0
    assert run(capsys, *env, "import", str(export))[0] == 0
    again = tmp_path / "again.jsonl"
    run(capsys, *env, "export", str(again))
    assert sorted(export.read_text().splitlines()) == sorted(again.read_text().splitlines())


def test_import_reports_bad_lines(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init")
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"kind":"header","format":"girok-export-1"}\n{oops\n{"kind":"record","record":1}\n', encoding="utf-8"
    )
    code, _, err = run(capsys, "import", str(bad))
    assert code == 1 and err.startswith("error: 2 invalid line(s); nothing was imported. First: line 2")
    code, _, err = run(capsys, "import", str(bad), "--skip-invalid")
    assert code == 0 and "skipped 2 invalid line(s)" in err
    assert (tmp_path / "bad.jsonl.rejected.txt").read_text().splitlines() == [
        "line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2)",
        "line 3: record must be an object",
    ]
    cp949 = tmp_path / "cp949.jsonl"
    cp949.write_bytes("이름".encode("cp949"))
    code, _, err = run(capsys, "import", str(cp949))
    assert code == 1 and err == "error: cp949.jsonl is not UTF-8 text; nothing was imported\n"


def test_vocab_find_across_scripts(capsys: pytest.CaptureFixture[str]) -> None:
    for query in ("Yodeok", "Yodok", "요덕"):
        code, out, _ = run(capsys, "vocab", "find", query, "--json")
        assert code == 0 and json.loads(out)[0]["id"] == "kwalliso-15"
    code, out, _ = run(capsys, "vocab", "show", "kwalliso-15")
    assert code == 0 and "요덕" in out
    code, _, err = run(capsys, "vocab", "show", "kwalliso-99")
    assert code == 1 and "kwalliso-99" in err


def test_console_script_prints_no_traceback(home: Home, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "girok.cli.main", "show", "nonsense"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_demo_then_audit_verify(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "demo", "--size", "6", "--seed", "3")
    assert code == 0, err
    assert "demo collection (fictional) created" in out and "Violation" in out
    code, out, _ = run(capsys, "audit", "verify")
    assert code == 0 and out.startswith("audit chain intact")
    summary = json.loads(run(capsys, "summary", "--json")[1])
    assert summary["records"]["Violation"] > 0 and summary["audit_entries"] >= sum(summary["records"].values())


def test_ingest_text_and_custody(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init")
    folder = tmp_path / "incoming"
    (folder / "sub").mkdir(parents=True)
    (folder / "interview.txt").write_bytes("1997년 3월, 혜산 보위부에 끌려갔다.\n".encode("cp949"))
    (folder / "empty.docx").write_bytes(b"")
    (folder / "sub" / "page.html").write_text("<html><body><nav>menu</nav><p>Camp 15, 1997.</p></body></html>")
    report = tmp_path / "failed.txt"
    code, out, err = run(
        capsys, "ingest", str(folder), "--from", "NGO A", "--how", "hand-over", "--report", str(report)
    )
    assert code == 1
    assert f"ingested  {folder / 'interview.txt'}\n" in out and "page.html" not in out  # not recursive
    assert "1 ingested, 0 again (custody added), 0 already recorded, 1 failed" in out
    assert f"failed    {folder / 'empty.docx'}: empty file\n" in err
    assert err.endswith(f"error: 1 file(s) could not be ingested (listed in {report}); the others were\n")
    assert report.read_text() == f"{folder / 'empty.docx'}: empty file\n"

    # The same command again (as after a crash): nothing new; from someone else: a second custody entry.
    code, out, _ = run(capsys, "ingest", str(folder / "interview.txt"), "--from", "NGO A", "--how", "hand-over")
    assert code == 0 and out.startswith(f"already   {folder / 'interview.txt'}")
    code, out, _ = run(capsys, "ingest", "-r", str(folder / "interview.txt"), str(folder / "sub"), "--from", "UN")
    assert code == 0 and f"again     {folder / 'interview.txt'}" in out and "1 ingested, 1 again" in out

    sources = {s["data"]["format"]: s["id"] for s in json.loads(run(capsys, "list", "source", "--json")[1])}
    code, out, _ = run(capsys, "text", sources["text"])
    assert code == 0 and out == "1997년 3월, 혜산 보위부에 끌려갔다.\n"
    code, out, _ = run(capsys, "text", str(folder / "sub" / "page.html"))
    assert out == "Camp 15, 1997."
    assert run(capsys, "custody", "verify")[1] == "every stored original is present and unchanged\n"
    summary = json.loads(run(capsys, "summary", "--json")[1])
    assert summary["records"] == {"Source": 2, "Custody": 3}


def test_ingest_size_limit_is_configurable(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init")
    big = tmp_path / "big.txt"
    big.write_bytes(b"testimony " * 150_000)  # 1.5 MB
    code, _, err = run(capsys, "ingest", str(big), "--max-size", "1")
    assert code == 1 and f"failed    {big}: file of 1.4 MB is over the 1 MB limit\n" in err
    assert run(capsys, "ingest", str(big), "--max-size", "2")[0] == 0
