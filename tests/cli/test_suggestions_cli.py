"""`girok suggest` and `girok suggestions list|accept|reject` end to end, in-process, on both backends."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from girok.cli.main import main
from girok.home import Home
from girok.services.ingest import source_id_for

TESTIMONY = (
    "In March 1997 the bowibu sent him to Yodok, Camp 15, in South Hamgyong, where he was beaten.\n"
    "1997년 3월 보위부는 그를 요덕 제15호 관리소로 보냈다. 그는 그곳에서 구타를 당했다.\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _ingest(home: Home, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    assert run(capsys, "init")[0] == 0
    path = tmp_path / "testimony.txt"
    path.write_text(TESTIMONY, encoding="utf-8")
    code, _, err = run(capsys, "ingest", str(path), "--kind", "testimony", "--workers", "1")
    assert code == 0, err
    return source_id_for(hashlib.sha256(path.read_bytes()).hexdigest())


def _listed(capsys: pytest.CaptureFixture[str], *options: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "suggestions", "list", *options, "--json")
    assert code == 0, err
    found: list[dict[str, Any]] = json.loads(out)
    return found


def test_suggest_list_accept_reject(home: Home, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source_id = _ingest(home, capsys, tmp_path)
    code, out, err = run(capsys, "suggest", source_id)
    assert code == 0, err
    new = int(out.split(": ")[1].split(" new, ")[0])
    assert new >= 8 and out == f"{source_id}: {new} new, 0 kept\n"
    assert run(capsys, "suggest", source_id)[1] == f"{source_id}: 0 new, {new} kept\n"

    everything = _listed(capsys, "--source", source_id)
    assert len(everything) == new
    for item in everything:
        data = item["data"]
        assert data["quote"] == TESTIMONY[data["start"] : data["end"]] and data["decision"] == "pending"

    code, out, _ = run(capsys, "suggestions", "list", "--source", source_id, "--kind", "facility")
    lines = out.splitlines()
    assert len(lines) == 3 and all(" facility " in line and " pending " in line for line in lines)
    assert [line.split("  ")[-1] for line in lines] == ["“Yodok”", "“Camp 15”", "“요덕 제15호 관리소”"]
    assert all(line.startswith("sug_") and "facility|kwalliso-15|" in line for line in lines)

    # accept a facility: a Place citing the passage
    camp = _listed(capsys, "--kind", "facility")[0]
    code, out, err = run(capsys, "suggestions", "accept", camp["id"])
    assert code == 0, err
    assert out.startswith(f"accepted {camp['id']}: created Place plc_") and ", cited by cit_" in out
    place_id = out.split("created Place ")[1].split(",")[0]
    code, out, _ = run(capsys, "show", place_id, "--json")
    shown = json.loads(out)
    assert shown["record"]["data"]["gazetteer"] == "kwalliso-15"
    [citation] = shown["citations"]
    assert (citation["data"]["start"], citation["data"]["end"]) == (camp["data"]["start"], camp["data"]["end"])
    assert citation["data"]["quote"] == camp["data"]["quote"]
    korean_camp = _listed(capsys, "--kind", "facility", "--decision", "pending")[-1]
    assert korean_camp["data"]["quote"] == "요덕 제15호 관리소"
    code, out, _ = run(capsys, "suggestions", "accept", korean_camp["id"])
    assert out.startswith(f"accepted {korean_camp['id']}: reused Place {place_id}")

    # edit then accept
    violation = next(v for v in _listed(capsys, "--kind", "violation") if v["data"]["value"]["type"] == "torture")
    code, out, err = run(
        capsys,
        "suggestions",
        "accept",
        violation["id"],
        "--set",
        "type=enforced-disappearance",
        "--set",
        "date=1997",
        "--set",
        "confidence=",
        "--json",
    )
    assert code == 0, err
    done = json.loads(out)
    assert done["record"]["data"]["type"] == "enforced-disappearance" and done["record"]["data"]["date"] == "1997"
    assert "confidence" not in done["record"]["data"] and done["suggestion"]["data"]["result"] == done["record"]["id"]
    assert done["citation"]["data"]["quote"] == violation["data"]["quote"]

    # errors: one line, nothing written
    date = _listed(capsys, "--kind", "date")[0]
    summary = run(capsys, "summary", "--json")[1]
    for args, code_expected, message in [
        (["accept", date["id"], "--set", "date=1997-02-30"], 1, "error: Event.date:"),
        (["accept", date["id"], "--set", "nosuch=1"], 1, "error: Event has no field 'nosuch'"),
        (["accept", date["id"], "--set", "no-equals-sign"], 2, "error: Invalid value for --set: expected field=value"),
        (["accept", camp["id"]], 1, f"error: suggestion {camp['id']} was already accepted"),
        (["reject", date["id"]], 2, "error: Missing option '--reason'"),
        (["reject", date["id"], "--reason", " "], 1, "error: a rejection needs a reason\n"),
        (["accept", date["id"], "--expect-version", "7"], 1, f"error: {date['id']} was changed by someone else"),
        (["list", "--decision", "maybe"], 1, "error: unknown decision 'maybe'"),
    ]:
        code, _, err = run(capsys, "suggestions", *args)
        assert code == code_expected and err.startswith(message) and err.count("\n") == 1, (args, err)
    code, _, err = run(capsys, "--role", "viewer", "suggestions", "reject", date["id"], "--reason", "no")
    assert code == 1 and err.startswith("error: ") and "may not change records" in err
    assert run(capsys, "summary", "--json")[1] == summary

    code, out, err = run(capsys, "suggestions", "reject", date["id"], "--reason", "the date of the interview")
    assert code == 0, err
    assert out == f"rejected {date['id']} (version 2)\n"
    code, out, _ = run(capsys, "suggestions", "list", "--decision", "rejected")
    assert out.startswith(date["id"]) and " rejected " in out and out.count("\n") == 1
    assert len(_listed(capsys, "--decision", "accepted")) == 3
    assert run(capsys, "suggest", "--all")[1] == f"{source_id}: 0 new, {new} kept\n"
    code, out, err = run(capsys, "audit", "verify")
    assert code == 0, err


def test_suggest_needs_a_source(home: Home, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "init")
    missing = "src_01JNOTTHERE000000000000000"
    code, _, err = run(capsys, "suggest", missing)
    assert code == 1
    assert err == f"{missing}: no record {missing}\nerror: 1 of 1 source(s) could not be read; the others were\n"
    person = json.loads(run(capsys, "add", "person", "--name", "Pak", "--json")[1])
    code, _, err = run(capsys, "suggest", person["id"])
    assert code == 1 and err.startswith(f"{person['id']}: {person['id']} is not a Source\n")
    assert run(capsys, "suggest")[0] == 2  # neither ids nor --all
    assert run(capsys, "suggest", "--all", missing)[0] == 2
    code, _, err = run(capsys, "suggestions", "accept", person["id"])
    assert code == 1 and err == f"error: {person['id']} is not a suggestion\n"
