"""Ingest throughput on a generated corpus, and PDF text extraction against Debian's pdftotext.

The corpus: fictional demo testimonies (girok.demo) rendered to DOCX, PDF, HWPX, HTML, and TXT in
UTF-8 and CP949, N files in all (default 1,000), each distinct. Measured:
- bulk ingest (`ingest_many`, one worker per core) into a fresh SQLite home: files/s and MB/s, the
  median of --repeat runs;
- text-layer PDF extraction: Girok's reader on every PDF of the corpus, one process, against
  `pdftotext` (poppler) run on the same files: the ratio of total times.

    .venv/bin/python benchmarks/bench_ingest.py --files 1000 --repeat 3
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# The test suite's file builders (a hand-written PDF writer, DOCX and HWPX makers) render the corpus.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "ingest"))
from ingest_files import make_docx, make_hwpx, make_pdf

from girok.demo.generator import generate
from girok.ingest.filestore import FileStore
from girok.ingest.readers import read
from girok.security.keyring import Keyring
from girok.services.actor import Actor
from girok.services.bulk_ingest import ingest_many
from girok.services.records import Collection
from girok.store.store import Store

RESULTS = Path(__file__).parent / "results"
ACTOR = Actor(name="bench", role="admin", clearance="restricted")
FORMATS = ("docx", "pdf", "hwpx", "html", "utf8.txt", "cp949.txt")


def demo_texts(count: int) -> list[str]:
    """Testimony texts of a fictional demo collection."""
    with tempfile.TemporaryDirectory(prefix="girok-bench-") as folder:
        store = Store(f"sqlite:///{Path(folder) / 'demo.db'}")
        store.migrate()
        collection = Collection(store, Keyring.generate())
        generate(collection, ACTOR, size=count, seed=7)
        sources = collection.list_records(ACTOR, "Source", limit=100_000)
        store.close()
    return [s.data["text"] for s in sources if s.data.get("kind") == "testimony" and s.data.get("text")]


def _hwpx_section(paragraphs: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    body = "".join(f"<hp:p><hp:run><hp:t>{escape(p)}</hp:t></hp:run></hp:p>" for p in paragraphs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
        f'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph">{body}</hs:sec>'
    ).encode()


def render(text: str, fmt: str) -> bytes:
    paragraphs = [p for p in text.split("\n") if p.strip()]
    if fmt == "docx":
        return make_docx(paragraphs)
    if fmt == "pdf":
        lines = [p[i : i + 90] for p in paragraphs for i in range(0, len(p), 90)]
        return make_pdf([lines[i : i + 50] for i in range(0, len(lines), 50)] or [[" "]])
    if fmt == "hwpx":
        return make_hwpx([_hwpx_section(paragraphs)])
    if fmt == "html":
        from html import escape

        body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
        page = "<html><head><title>Testimony</title></head><body><nav>Home | About</nav><main>{}</main></body></html>"
        return page.format(body).encode()
    if fmt == "utf8.txt":
        return text.encode("utf-8")
    return text.encode("cp949", errors="replace")


def build_corpus(folder: Path, files: int) -> dict[str, int]:
    texts = demo_texts(max(12, files // 6 + 1))
    sizes: dict[str, int] = {}
    for index in range(files):
        fmt = FORMATS[index % len(FORMATS)]
        text = f"FICTIONAL DEMO file {index}\n" + texts[index % len(texts)]
        data = render(text, fmt)
        (folder / f"f{index:05}.{fmt}").write_bytes(data)
        sizes[fmt] = sizes.get(fmt, 0) + len(data)
    return sizes


def ingest_run(corpus: Path, workers: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="girok-bench-home-") as home:
        store = Store(f"sqlite:///{Path(home) / 'girok.db'}")
        store.migrate()
        collection = Collection(store, Keyring.generate())
        paths = sorted(corpus.iterdir())
        started = time.perf_counter()
        report = ingest_many(collection, FileStore(Path(home) / "files"), ACTOR, paths, workers=workers)
        seconds = time.perf_counter() - started
        store.close()
    return {
        "seconds": round(seconds, 3),
        "files": report.done,
        "failed": len(report.failures),
        "failures": report.failures[:5],
        "files_per_s": round(report.done / seconds, 1),
        "mb_per_s": round(report.bytes / seconds / 1e6, 3),
    }


def pdf_comparison(corpus: Path) -> dict[str, Any]:
    pdfs = sorted(corpus.glob("*.pdf"))
    started = time.perf_counter()
    for path in pdfs:
        read(path.read_bytes())
    girok = time.perf_counter() - started
    tool = shutil.which("pdftotext")
    if tool is None:
        return {"pdfs": len(pdfs), "girok_s": round(girok, 3), "pdftotext_s": None, "ratio": None}
    started = time.perf_counter()
    for path in pdfs:
        subprocess.run([tool, "-q", "-enc", "UTF-8", str(path), "-"], check=True, stdout=subprocess.DEVNULL)
    poppler = time.perf_counter() - started
    return {
        "pdfs": len(pdfs),
        "girok_s": round(girok, 3),
        "pdftotext_s": round(poppler, 3),
        "ratio": round(girok / poppler, 2),
    }


def ocr_pages(texts: list[str], pages: int) -> dict[str, Any]:
    """OCR throughput: ``pages`` A4-like scanned pages of demo text (Korean and English) in one scanned PDF."""
    from PIL import Image, ImageDraw, ImageFont

    from girok.ingest.ocr import ocr_available, ocr_pdf

    if not ocr_available():
        return {"pages": pages, "seconds": None, "pages_per_s": None, "note": "OCR unavailable"}
    font_path = next(
        (p for p in ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf",) if Path(p).is_file()),
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    )
    font = ImageFont.truetype(font_path, 28)
    images = []
    lines = [
        line[i : i + 60] for text in texts for line in text.split("\n") if line.strip() for i in range(0, len(line), 60)
    ]
    for page in range(pages):
        image = Image.new("L", (1240, 1754), 255)  # A4 at 150 dpi
        pen = ImageDraw.Draw(image)
        for row in range(40):
            pen.text((80, 80 + row * 40), lines[(page * 40 + row) % len(lines)], font=font, fill=0)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=150.0)
    started = time.perf_counter()
    extracted = ocr_pdf(out.getvalue())
    seconds = time.perf_counter() - started
    return {
        "pages": len(extracted.pages),
        "seconds": round(seconds, 2),
        "pages_per_s": round(len(extracted.pages) / seconds, 3),
        "characters": len(extracted.text),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--ocr-pages", type=int, default=20, help="scanned pages for the OCR figure (0: skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="girok-corpus-") as folder:
        corpus = Path(folder)
        sizes = build_corpus(corpus, args.files)
        runs = [ingest_run(corpus, args.workers) for _ in range(args.repeat)]
        pdf = pdf_comparison(corpus)
    ocr = ocr_pages(demo_texts(12), args.ocr_pages) if args.ocr_pages else None
    result = {
        "benchmark": "ingest",
        "files": args.files,
        "corpus_bytes_by_format": sizes,
        "workers": args.workers,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "runs": runs,
        "median_files_per_s": statistics.median(r["files_per_s"] for r in runs),
        "median_mb_per_s": statistics.median(r["mb_per_s"] for r in runs),
        "pdf_text_layer": pdf,
        "ocr": ocr,
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "ingest-sqlite.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("| files | workers | files/s (median) | MB/s (median) | failed | PDF: Girok / pdftotext |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {args.files} | {args.workers} | {result['median_files_per_s']} | {result['median_mb_per_s']} | "
        f"{runs[0]['failed']} | {pdf['girok_s']} s / {pdf['pdftotext_s']} s = {pdf['ratio']} |"
    )
    if ocr:
        print(f"OCR: {ocr['pages']} scanned pages in {ocr['seconds']} s = {ocr['pages_per_s']} pages/s")


if __name__ == "__main__":
    main()
