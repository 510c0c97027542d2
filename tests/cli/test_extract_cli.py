"""`girok extract` and `girok eval-extract` end to end: real files, real sources, the JSON contract."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import docx
import pytest

from girok.cli.main import main
from girok.home import Home

ROOT = Path(__file__).resolve().parents[2]
KOREAN = (
    "1997년 봄, 온성군 보위부에 끌려가서 구타를 당했습니다.\n"
    "김영순 씨는 요덕 제15호 관리소에 수감되었다가 1999년에 풀려났다.\n"
)
ENGLISH = "In the spring of 1997 the bowibu sent Park Chul-ho to Yodok, Camp 15, where he was beaten.\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check_contract(contract: dict[str, object], text: str) -> None:
    assert list(contract) == [
        "source",
        "violations",
        "facilities",
        "places",
        "institutions",
        "dates",
        "persons",
        "figures",
    ]
    for kind, items in contract.items():
        if kind == "source":
            continue
        assert isinstance(items, list)
        for item in items:
            assert 0 <= item["start"] < item["end"] <= len(text)
            if "quote" in item:
                assert text[item["start"] : item["end"]] == item["quote"]


@pytest.mark.parametrize("encoding", ["utf-8", "cp949"])
def test_extract_korean_file_offsets_match_girok_text(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    path = tmp_path / "testimony.txt"
    path.write_bytes(KOREAN.encode(encoding))
    code, text, _ = run(capsys, "text", str(path))
    assert code == 0
    code, out, err = run(capsys, "extract", str(path), "--json")
    assert code == 0, err
    contract = json.loads(out)
    assert contract["source"] == {
        "path": str(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "language": "ko",
    }
    check_contract(contract, text)
    assert {v["type"] for v in contract["violations"]} >= {"torture", "political-imprisonment"}
    assert {f["id"] for f in contract["facilities"]} == {"onsong-mss-detention", "kwalliso-15"}
    assert {d["value"] for d in contract["dates"]} == {"1997-03/1997-05", "1999"}
    assert [p["name"] for p in contract["persons"]] == ["김영순"]


def test_extract_docx_and_a_stored_source(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "report.docx"
    document = docx.Document()
    for paragraph in ("Interview 12", ENGLISH):
        document.add_paragraph(paragraph)
    document.save(str(path))
    code, text, _ = run(capsys, "text", str(path))
    code, out, err = run(capsys, "extract", str(path), "--json")
    assert code == 0, err
    from_file = json.loads(out)
    check_contract(from_file, text)
    assert {i["id"] for i in from_file["institutions"]} == {"mss"}
    assert {v["type"] for v in from_file["violations"]} >= {"torture", "political-imprisonment"}

    run(capsys, "init")
    assert run(capsys, "ingest", str(path))[0] == 0
    source_id = json.loads(run(capsys, "list", "source", "--json")[1])[0]["id"]
    code, out, err = run(capsys, "extract", source_id, "--json")
    assert code == 0, err
    from_source = json.loads(out)
    assert from_source["source"] == {**from_file["source"], "path": None}
    assert {k: v for k, v in from_source.items() if k != "source"} == {
        k: v for k, v in from_file.items() if k != "source"
    }
    code, out, _ = run(capsys, "extract", source_id)
    assert code == 0 and "facilities (" in out and "kwalliso-15" in out


def test_extract_bad_targets_fail_in_one_line(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path / "missing.txt"))
    assert code == 1 and err.count("\n") == 1 and "no file or Source" in err
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    code, _, err = run(capsys, "extract", str(corrupt))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    chinese = tmp_path / "zh.txt"
    chinese.write_text("他被中国公安逮捕, 然后被遣返到朝鲜。", "utf-8")
    code, out, err = run(capsys, "extract", str(chinese), "--json")
    assert code == 0 and err.startswith("note: the text is mostly Chinese")
    assert json.loads(out)["source"]["language"] == "zh"


def test_eval_extract_prints_the_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "eval-extract", str(ROOT / "evaluation" / "extract" / "dev"), "--json")
    assert code == 0, err
    table = json.loads(out)
    assert table["passages"] >= 60
    assert [row["field"] for row in table["fields"]] == [
        "violations",
        "facilities",
        "places",
        "provinces",
        "institutions",
        "dates",
        "persons",
        "figures",
    ]
    assert table["invalid_spans"] == 0
    code, out, _ = run(capsys, "eval-extract", str(ROOT / "evaluation" / "extract" / "dev"))
    assert code == 0 and out.splitlines()[1].split() == ["field", "precision", "recall", "F1", "TP", "FP", "FN"]
    code, _, err = run(capsys, "eval-extract", str(tmp_path))
    assert code == 1 and err == f"error: {tmp_path.name}: holds no .yaml passage files\n"
