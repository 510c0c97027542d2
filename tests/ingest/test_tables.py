"""`girok import-table`: CSV (UTF-8, CP949; comma, tab, semicolon) and XLSX victims lists to cited records,
on both backends; invalid rows reported by number with nothing written; bad mappings; hostile XLSX; the CLI."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from girok.cli.main import main
from girok.errors import GirokError, PermissionDeniedError, ValidationError
from girok.home import Home
from girok.ingest.filestore import FileStore, sha256_of
from girok.ingest.readers import ReaderError
from girok.ingest.tables import read_table, sniff_delimiter
from girok.services.actor import Actor
from girok.services.ingest import source_id_for
from girok.services.records import Collection
from girok.services.tables import RowsInvalidError, import_table, load_mapping
from girok.store.store import Store

MAPPING = """
columns:
  이름: person.name
  Name: person.name
  Sex: person.sex
  Born: person.birth_year
  Hometown: person.origin
  Camp: violation.facility
  Detained: violation.date
  Notes: notes
defaults:
  violation.type: political-imprisonment
  person.protection: protected
"""

HEADER = ["이름", "Name", "Sex", "Born", "Hometown", "Camp", "Detained", "Notes"]
GOOD_ROWS = [
    ["김영호", "Kim Yong-ho", "남", "1965", "회령", "Yodok", "1997-03", "beaten on arrival"],
    ["이순희", "Lee Sun-hee", "F", "1970", "Hoeryong Sinhung-dong", "요덕", "1998", ""],
    ["", "Park Chol", "M", "1958", "Chongjin", "Camp 15", "", ""],
    ["최명숙", "", "", "", "", "", "", "still missing"],
]


def _csv(rows: list[list[str]], delimiter: str = ",") -> str:
    return "\n".join(delimiter.join(row) for row in [HEADER, *rows]) + "\n"


@pytest.fixture
def files(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "files")


def _counts(collection: Collection) -> dict[str, int]:
    with collection.store.read() as conn:
        return Store.count_records(conn)


def _records(collection: Collection, actor: Actor, kind: str) -> list[dict[str, object]]:
    return [r.to_dict() for r in collection.list_records(actor, kind, limit=1000)]


def test_utf8_csv_korean_and_romanized_names_facilities_in_any_spelling(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    data = _csv(GOOD_ROWS).encode("utf-8")
    report = import_table(collection, files, editor, data, "victims.csv", load_mapping(MAPPING))
    assert (report.rows_ok, report.persons, report.violations, report.errors) == (4, 4, 3, [])
    assert report.source_id == source_id_for(sha256_of(data))
    assert _counts(collection) == {"Source": 1, "Custody": 1, "Person": 4, "Violation": 3, "Citation": 7}
    source = collection.get(editor, report.source_id)
    assert source.data["kind"] == "dataset" and source.data["format"] == "csv"
    assert files.read(source.data["sha256"]) == data

    persons = {p["data"]["names"][0]["text"]: p for p in _records(collection, editor, "Person")}  # type: ignore[index]
    kim = persons["김영호"]
    assert kim["protection"] == "protected"
    assert kim["data"] == {
        "names": [
            {"text": "김영호", "kind": "hangul", "source": report.source_id},
            {"text": "Kim Yong-ho", "kind": "romanized", "source": report.source_id},
        ],
        "sex": "male",
        "birth_date": "1965",
        "origin": "hoeryong",
        "notes": "beaten on arrival",
    }
    assert persons["이순희"]["data"]["origin_detail"] == "Hoeryong Sinhung-dong"  # type: ignore[index]
    assert persons["Park Chol"]["data"]["origin"] == "chongjin"  # type: ignore[index]
    assert "최명숙" in persons  # no violation column filled: a person, no violation

    violations = _records(collection, editor, "Violation")
    assert {v["data"]["facility"] for v in violations} == {"kwalliso-15"}  # type: ignore[index]
    by_victim = {v["data"]["victim"]: v for v in violations}  # type: ignore[index]
    kim_violation = by_victim[kim["id"]]
    assert kim_violation["data"]["type"] == "political-imprisonment"  # type: ignore[index]
    assert kim_violation["data"]["date"] == "1997-03"  # type: ignore[index]
    assert kim_violation["data"]["coi_area"] == "coi-prison-camps"  # type: ignore[index]

    (citation,) = collection.citations_of(editor, str(kim["id"]))
    assert citation.data == {
        "record": kim["id"],
        "source": report.source_id,
        "page": 2,
        "quote": "김영호 | Kim Yong-ho | 남 | 1965 | 회령 | Yodok | 1997-03 | beaten on arrival",
    }
    (vcite,) = collection.citations_of(editor, str(kim_violation["id"]))
    assert vcite.data["page"] == 2 and "field" not in vcite.data


def test_cp949_csv(collection: Collection, files: FileStore, editor: Actor) -> None:
    data = _csv(GOOD_ROWS[:2]).encode("cp949")
    assert read_table(data).metadata["encoding"] in ("cp949", "euc-kr")
    report = import_table(collection, files, editor, data, "명단.csv", load_mapping(MAPPING))
    assert (report.persons, report.violations) == (2, 2)
    names = sorted(str(p["data"]["names"][0]["text"]) for p in _records(collection, editor, "Person"))  # type: ignore[index]
    assert names == ["김영호", "이순희"]
    assert collection.get(editor, report.source_id).data["language"] in ("ko", "mixed")


@pytest.mark.parametrize("delimiter", ["\t", ";"])
def test_tab_and_semicolon_delimited_with_bom(
    collection: Collection, files: FileStore, editor: Actor, delimiter: str
) -> None:
    rows = [[cell.replace(",", " ") for cell in row] for row in GOOD_ROWS]
    data = b"\xef\xbb\xbf" + _csv(rows, delimiter).encode("utf-8")
    assert sniff_delimiter(data.decode("utf-8-sig")) == delimiter
    report = import_table(collection, files, editor, data, "victims.tsv", load_mapping(MAPPING))
    assert (report.persons, report.violations) == (4, 3)
    names = {str(p["data"]["names"][0]["text"]) for p in _records(collection, editor, "Person")}  # type: ignore[index]
    assert "김영호" in names  # the BOM did not stick to the first header


def _xlsx(rows: list[list[object]], title: str = "Victims", extra_sheet: bool = True) -> bytes:
    book = openpyxl.Workbook()
    if extra_sheet:
        book.active.title = "About"  # type: ignore[union-attr]
        book.active.append(["A list of victims; data on the next sheet"])  # type: ignore[union-attr]
        sheet = book.create_sheet(title)
    else:
        sheet = book.active
        sheet.title = title  # type: ignore[union-attr]
    for row in rows:
        sheet.append(row)  # type: ignore[union-attr]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_named_sheet_numbers_and_dates(collection: Collection, files: FileStore, editor: Actor) -> None:
    data = _xlsx(
        [
            ["Victims of Camp 15 (compiled 2024)"],
            HEADER,
            ["김영호", "Kim Yong-ho", "male", 1965, "Hoeryong", "Camp No. 15", dt.datetime(1997, 3, 4), None],
            ["이순희", None, "여", 1970.0, None, "요덕 관리소", "1998", "transferred"],
        ]
    )
    mapping = load_mapping(MAPPING + "sheet: Victims\nheader_row: 2\n")
    report = import_table(collection, files, editor, data, "victims.xlsx", mapping)
    assert (report.persons, report.violations, report.errors) == (2, 2, [])
    source = collection.get(editor, report.source_id)
    assert source.data["format"] == "xlsx" and source.data["kind"] == "dataset"
    assert source.data["metadata"]["sheet"] == "Victims"
    assert "김영호,Kim Yong-ho,male,1965,Hoeryong,Camp No. 15,1997-03-04" in source.data["text"]
    assert files.read(source.data["sha256"]) == data
    assert _counts(collection)["Custody"] == 1
    violations = _records(collection, editor, "Violation")
    assert sorted(str(v["data"]["date"]) for v in violations) == ["1997-03-04", "1998"]  # type: ignore[index]
    assert {v["data"]["facility"] for v in violations} == {"kwalliso-15"}  # type: ignore[index]
    persons = {str(p["data"]["names"][0]["text"]): p for p in _records(collection, editor, "Person")}  # type: ignore[index]
    assert persons["이순희"]["data"]["birth_date"] == "1970"  # type: ignore[index]
    (citation,) = collection.citations_of(editor, str(persons["김영호"]["id"]))
    assert citation.data["page"] == 3


def test_places_become_place_records_reused_and_types_and_institutions_resolve(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    mapping = load_mapping(
        """
columns:
  Name: person.name
  What: violation.type
  Where: violation.place
  Who: violation.institution
"""
    )
    text = "Name,What,Where,Who\nKim Il,공개처형,Pyongyang,보위부\nRi Ok,torture,평양,MPS\nPak Su,execution,Yodok,\n"
    report = import_table(collection, files, editor, text.encode(), "t.csv", mapping)
    assert (report.persons, report.violations, report.places) == (3, 3, 1)
    (place,) = _records(collection, editor, "Place")
    assert place["data"]["gazetteer"] == "KP-01"  # type: ignore[index]
    violations = sorted(
        tuple(str(v["data"].get(key) or "") for key in ("type", "place", "facility", "institution"))  # type: ignore[union-attr]
        for v in _records(collection, editor, "Violation")
    )
    assert violations == [
        ("execution", "", "kwalliso-15", ""),  # "Yodok" as a place is the camp
        ("execution", place["id"], "", "mss"),
        ("torture", place["id"], "", "mps"),
    ]
    # a second list naming Pyongyang again reuses the Place already recorded
    again = import_table(collection, files, editor, (text + "Han Na,torture,P'yongyang,\n").encode(), "u.csv", mapping)
    assert again.places == 0 and _counts(collection)["Place"] == 1


BAD_ROWS = [
    ["김영호", "Kim Yong-ho", "M", "1965", "", "Yodok", "1997-03", ""],  # row 2: fine
    ["박철", "Park Chol", "M", "1960", "", "Camp 15", "1997-02-30", ""],  # row 3: impossible date
    ["이순희", "Lee Sun-hee", "F", "1970", "", "Camp 99", "1998", ""],  # row 4: unknown facility
    ["", "", "M", "1950", "", "Yodok", "", ""],  # row 5: no name
    ["정수", "Jong Su", "x", "1950", "", "", "", ""],  # row 6: bad sex
    ["한나", "Han Na", "F", "1980", "", "", "", ""],  # row 7: fine
]


def test_malformed_rows_are_all_reported_and_nothing_is_written(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    data = _csv(BAD_ROWS).encode("utf-8")
    with pytest.raises(RowsInvalidError) as caught:
        import_table(collection, files, editor, data, "bad.csv", load_mapping(MAPPING))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("4 of 6 rows are invalid; nothing was imported. First: row 3: Violation.date:")
    lines = caught.value.lines
    assert [line.split(":")[0] for line in lines] == ["row 3", "row 4", "row 5", "row 6"]
    assert "1997-02-30" in lines[0] and "no day 30" in lines[0]
    assert lines[1] == "row 4: unknown facility 'Camp 99'"
    assert lines[2].startswith("row 5: Person.names: required")
    assert lines[3].startswith("row 6: Person.sex:")
    assert _counts(collection) == {}  # not even the Source
    assert not files.root.exists() or not any(files.root.rglob("*"))


def test_skip_invalid_imports_the_rest(collection: Collection, files: FileStore, editor: Actor) -> None:
    data = _csv(BAD_ROWS).encode("utf-8")
    report = import_table(collection, files, editor, data, "bad.csv", load_mapping(MAPPING), skip_invalid=True)
    assert (report.rows_ok, report.persons, report.violations) == (2, 2, 1)
    assert [number for number, _ in report.errors] == [3, 4, 5, 6]
    assert report.error_lines()[1] == "row 4: unknown facility 'Camp 99'"
    assert _counts(collection) == {"Source": 1, "Custody": 1, "Person": 2, "Violation": 1, "Citation": 3}
    pages = sorted(int(c["data"]["page"]) for c in _records(collection, editor, "Citation"))  # type: ignore[index]
    assert pages == [2, 2, 7]
    # the same file again is refused: its rows are already records
    with pytest.raises(GirokError, match="already imported"):
        import_table(collection, files, editor, data, "bad.csv", load_mapping(MAPPING), skip_invalid=True)
    assert _counts(collection)["Person"] == 2


def test_all_rows_invalid_with_skip_invalid_writes_nothing(
    collection: Collection, files: FileStore, editor: Actor
) -> None:
    data = _csv([BAD_ROWS[1], BAD_ROWS[2]]).encode("utf-8")
    with pytest.raises(RowsInvalidError, match=r"^all 2 rows are invalid; nothing was imported"):
        import_table(collection, files, editor, data, "bad.csv", load_mapping(MAPPING), skip_invalid=True)
    assert _counts(collection) == {}


def test_missing_column_and_viewers(collection: Collection, files: FileStore, editor: Actor) -> None:
    mapping = load_mapping("columns:\n  Full name: person.name\n")
    with pytest.raises(GirokError, match=r"^mapping: columns.Full name: no column 'Full name' in header row 1"):
        import_table(collection, files, editor, _csv(GOOD_ROWS).encode(), "v.csv", mapping)
    viewer = Actor(name="val", role="viewer", clearance="restricted")
    with pytest.raises(PermissionDeniedError):
        import_table(collection, files, viewer, _csv(GOOD_ROWS).encode(), "v.csv", load_mapping(MAPPING))
    assert _counts(collection) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns: [", r"^mapping: not valid YAML \(line \d+\)$"),
        ("- a\n- b\n", r"^mapping: expected a YAML mapping with a 'columns' key$"),
        ("colums:\n  Name: person.name\n", r"^mapping: unknown key 'colums'"),
        ("header_row: 0\ncolumns:\n  Name: person.name\n", r"^mapping: header_row: expected a whole number"),
        ("header_row: first\ncolumns:\n  Name: person.name\n", r"^mapping: header_row:"),
        ("defaults: {}\n", r"^mapping: columns: required"),
        ("columns:\n  Name: person.nam\n", r"^mapping: columns.Name: unknown target 'person.nam'"),
        ("columns:\n  Sex: person.sex\n", r"^mapping: columns: no column maps to person.name"),
        ("columns:\n  Name: person.name\n  S1: person.sex\n  S2: person.sex\n", r"^mapping: columns.S2: person.sex is"),
        ("columns:\n  N: person.name\n  Y: person.birth_year\n  D: person.birth_date\n", r"not both$"),
        ("columns:\n  Name: person.name\ndefaults: [1]\n", r"^mapping: defaults: expected a mapping"),
        ("columns:\n  Name: person.name\ndefaults:\n  person.name: Kim\n", r"^mapping: defaults.person.name: not a"),
        (
            "columns:\n  Name: person.name\ndefaults:\n  violation.type: tea-party\n",
            r"^mapping: defaults.violation.type: unknown violation type 'tea-party'$",
        ),
        (
            "columns:\n  Name: person.name\ndefaults:\n  violation.facility: Camp 99\n",
            r"^mapping: defaults.violation.facility: unknown facility 'Camp 99'$",
        ),
        (
            "columns:\n  Name: person.name\ndefaults:\n  person.protection: secret\n",
            r"^mapping: defaults.person.protection: expected one of none, protected, high",
        ),
        (
            "columns:\n  Name: person.name\ndefaults:\n  violation.date: 1997-02-30\n",
            r"^mapping: defaults.violation.date",
        ),
        ("columns:\n  Name: person.name\nsheet: 0\n", r"^mapping: sheet:"),
    ],
)
def test_bad_mappings_fail_with_one_line_naming_the_key(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        load_mapping(text)
    assert "\n" not in str(caught.value)


def _bomb_xlsx() -> bytes:
    good = _xlsx([HEADER, GOOD_ROWS[0]], extra_sheet=False)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("xl/media/bomb.bin", b"\0" * (8 * 1024 * 1024))
    return out.getvalue()


def test_xlsx_zip_bomb_is_refused_before_openpyxl(collection: Collection, files: FileStore, editor: Actor) -> None:
    data = _bomb_xlsx()
    assert len(data) < 100_000
    with pytest.raises(ReaderError, match=r"^zip bomb: XLSX compresses \d+:1 \(limit 100:1\)$"):
        import_table(collection, files, editor, data, "bomb.xlsx", load_mapping(MAPPING))
    with pytest.raises(ReaderError, match=r"^truncated or damaged XLSX$"):
        read_table(_xlsx([HEADER])[:-200])
    with pytest.raises(ReaderError, match=r"^not a table: this file is PDF"):
        read_table(b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(ReaderError, match=r"^the workbook has no sheet 'Nope'"):
        read_table(_xlsx([HEADER]), "Nope")
    assert _counts(collection) == {}


# ---------------------------------------------------------------------------------------------- the CLI


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_table_end_to_end(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "init")[0] == 0
    mapping = tmp_path / "map.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_csv(BAD_ROWS).encode("cp949"))
    report = tmp_path / "rejected.txt"

    code, out, err = run(capsys, "import-table", str(bad), "--mapping", str(mapping), "--report", str(report))
    assert code == 1 and out == ""
    assert (
        err.startswith("error: 4 of 6 rows are invalid; nothing was imported. First: row 3:") and err.count("\n") == 1
    )
    assert report.read_text(encoding="utf-8").splitlines()[1] == "row 4: unknown facility 'Camp 99'"
    code, out, _ = run(capsys, "list", "person")
    assert code == 0 and out == ""

    code, out, err = run(
        capsys, "import-table", str(bad), "--mapping", str(mapping), "--skip-invalid", "--from", "NGO A"
    )
    assert code == 0, err
    assert "imported 2 row(s) of bad.csv as Source src_" in out and "2 person(s), 1 violation(s)" in out
    default_report = tmp_path / "bad.csv.rejected.txt"
    assert f"skipped 4 invalid row(s); listed in {default_report}" in err
    assert len(default_report.read_text(encoding="utf-8").splitlines()) == 4
    code, out, _ = run(capsys, "list", "person")
    assert "김영호" in out and "한나" in out
    code, out, _ = run(capsys, "list", "custody", "--json")
    assert '"received_from": "NGO A"' in out

    mapping.write_text("columns:\n  Name: person.nam\n", encoding="utf-8")
    code, _, err = run(capsys, "import-table", str(bad), "--mapping", str(mapping))
    assert code == 1 and err.startswith("error: mapping: columns.Name: unknown target 'person.nam'")
    code, _, err = run(capsys, "import-table", str(tmp_path / "missing.csv"), "--mapping", str(mapping))
    assert code == 1 and err.count("\n") == 1 and str(tmp_path) not in err
    code, _, err = run(capsys, "import-table", str(bad))
    assert code == 2


def test_mapping_keeps_dates_and_numbers_as_text() -> None:
    mapping = load_mapping("columns:\n  1965: person.name\ndefaults:\n  violation.date: 1997-03-04\n  person.sex: F\n")
    assert mapping.columns == (("1965", "person.name"),)
    assert mapping.defaults == {"violation.date": "1997-03-04", "person.sex": "F"}
