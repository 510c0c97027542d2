"""The hostile corpus: every file gets exactly one ReaderError whose message is one clean line."""

from __future__ import annotations

import functools
import random
from pathlib import Path

import pytest
from ingest_files import add_member, encrypt_pdf, hwpx_section, hwpx_text, make_docx, make_hwpx, make_pdf

from girok.cli.main import main
from girok.home import Home
from girok.ingest.readers import Limits, ReaderError, read
from girok.ingest.readers.base import MiB

# Fixed bytes: test ids built from random data must be the same in every xdist worker.
_RANDOM = random.Random(20261121)


@functools.cache
def _corpus() -> dict[str, bytes]:
    docx = make_docx(["본문"])
    hwpx = make_hwpx([hwpx_section(hwpx_text("본문"))])
    pdf = make_pdf([["page one"], ["page two"]])
    return {
        "docx-bomb": add_member(docx, "word/media/zeros.bin", b"\x00" * (20 * MiB)),
        "hwpx-bomb": add_member(hwpx, "BinData/zeros.bin", b"\x00" * (20 * MiB)),
        "docx-traversal": add_member(docx, "../evil.txt", b"evil"),
        "hwpx-traversal": add_member(hwpx, "../../etc/passwd", b"evil"),
        "pdf-encrypted": encrypt_pdf(pdf, user_password="secret"),
        "pdf-truncated": pdf[: len(pdf) // 2],
        "docx-truncated": docx[: len(docx) // 2],
        "oversize": b"a" * (2 * MiB + 1),
        "garbage": _RANDOM.randbytes(50_000),
        "empty": b"",
    }


NAMES = [
    *("docx-bomb", "hwpx-bomb", "docx-traversal", "hwpx-traversal", "pdf-encrypted"),
    *("pdf-truncated", "docx-truncated", "oversize", "garbage", "empty"),
]


@pytest.mark.parametrize("name", NAMES)
def test_one_clear_line_per_hostile_file(name: str) -> None:
    data = _corpus()[name]
    with pytest.raises(ReaderError) as caught:
        read(data, Limits(max_bytes=2 * MiB))
    message = str(caught.value)
    assert message and "\n" not in message and len(message) < 120
    assert "Traceback" not in message and "/tmp" not in message and "site-packages" not in message
    assert caught.value.__cause__ is None or isinstance(caught.value.__cause__, ReaderError)


def test_hostile_folder_through_girok_ingest(home: Home, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """End to end: one failure line per file (with a misleading extension each), nothing else, nothing written."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name in NAMES:
        (folder / f"{name}.txt").write_bytes(_corpus()[name])  # the extension says text: sniffing decides
    assert main(["init"]) == 0
    capsys.readouterr()
    assert main(["ingest", str(folder), "--max-size", "2"]) == 1
    out, err = capsys.readouterr()
    failed = [line for line in err.splitlines() if line.startswith("failed    ")]
    assert sorted(line.split(": ", 1)[0].rsplit("/", 1)[1] for line in failed) == sorted(f"{n}.txt" for n in NAMES)
    assert len(err.splitlines()) == len(NAMES) + 1  # and the closing error line
    assert "Traceback" not in err and out.startswith(
        f"0 ingested, 0 again (custody added), 0 already recorded, {len(NAMES)} failed"
    )
    assert main(["summary", "--json"]) == 0
    assert '"records": {}' in capsys.readouterr()[0]
