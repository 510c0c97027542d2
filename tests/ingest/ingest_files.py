"""Builders for the test files of the ingest tests: every file is made here, nothing is downloaded.

- :func:`make_pdf`: a minimal hand-written PDF (a Type0 font with a ToUnicode map, so any BMP text,
  Korean included, extracts back exactly; no font program is needed for extraction);
- :func:`make_docx` with python-docx; :func:`make_hwpx` as a zip of OWPML XML parts;
- :func:`make_ole`: a minimal OLE2 compound file holding one stream (for HWP 5 / .doc sniffing);
- zip helpers to add hostile members and patch central-directory fields.
"""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import datetime
from xml.sax.saxutils import escape

import docx

# --- PDF -------------------------------------------------------------------------------------------


def _pdf_string(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _hex(text: str) -> str:
    return "<" + "".join(f"{ord(ch):04X}" for ch in text) + ">"


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A PDF with one page per item, each a list of text lines (an empty list: a page with no text)."""
    chars = sorted({ch for page in pages for line in page for ch in line} | {" "})
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    cmap_lines = [f"<{ord(ch):04X}> <{ord(ch):04X}>" for ch in chars]
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        + "".join(
            f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar\n"
            for chunk in (cmap_lines[i : i + 100] for i in range(0, len(cmap_lines), 100))
        )
        + "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()
    to_unicode = add(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /GirokTest /Flags 4 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GirokTest "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor %d 0 R /DW 1000 >>" % descriptor
    )
    font = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /GirokTest /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode)
    )
    kids = []
    for lines in pages:
        if lines:
            ops = "BT /F1 10 Tf 40 800 Td 14 TL\n" + "".join(f"{_hex(line)} Tj T*\n" for line in lines) + "ET"
        else:
            ops = "0 0 1 rg 40 40 500 700 re f"  # a drawing only, as on a scanned page
        stream = ops.encode()
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, font, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    info_id = None
    if info:
        entries = " ".join(
            f"/{key} ({value})" if key.endswith("Date") else f"/{key} {_pdf_string(value)}"
            for key, value in info.items()
        )
        info_id = add(f"<< {entries} >>".encode())
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_id:
        trailer += b" /Info %d 0 R" % info_id
    out.write(b"trailer\n<< " + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def encrypt_pdf(data: bytes, user_password: str, owner_password: str = "owner") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- DOCX ------------------------------------------------------------------------------------------


def make_docx(
    paragraphs: list[str],
    table: list[list[str]] | None = None,
    after_table: list[str] | None = None,
    title: str | None = None,
    author: str | None = None,
    created: datetime | None = None,
    modified: datetime | None = None,
) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in after_table or []:
        document.add_paragraph(text)
    props = document.core_properties
    props.title = title or ""
    props.author = author or ""
    props.last_modified_by = ""
    if created:
        props.created = created
    if modified:
        props.modified = modified
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- HWPX ------------------------------------------------------------------------------------------

HS = "http://www.hancom.co.kr/hwpml/2011/section"
HP = "http://www.hancom.co.kr/hwpml/2011/paragraph"


def hwpx_paragraph(inner: str) -> str:
    return f'<hp:p paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0">{inner}</hp:run></hp:p>'


def hwpx_text(text: str) -> str:
    return hwpx_paragraph(f"<hp:t>{escape(text)}</hp:t>")


def hwpx_section(body: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<hs:sec xmlns:hs="{HS}" xmlns:hp="{HP}">{body}</hs:sec>'
    ).encode()


def hwpx_hpf(title: str, creator: str, created: str, modified: str, language: str = "ko") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/" version="" unique-identifier="" id="">'
        f"<opf:metadata><opf:title>{escape(title)}</opf:title><opf:language>{language}</opf:language>"
        f'<opf:meta name="creator" content="text">{escape(creator)}</opf:meta>'
        '<opf:meta name="subject" content="text"/>'
        f'<opf:meta name="CreatedDate" content="text">{created}</opf:meta>'
        f'<opf:meta name="ModifiedDate" content="text">{modified}</opf:meta>'
        "</opf:metadata><opf:manifest>"
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        "</opf:manifest></opf:package>"
    ).encode()


def make_hwpx(
    sections: list[bytes],
    hpf: bytes | None = None,
    extra: dict[str, bytes] | None = None,
    mimetype: bool = True,
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        if mimetype:
            zf.writestr(zipfile.ZipInfo("mimetype"), b"application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("version.xml", b'<?xml version="1.0"?><hv:HCFVersion xmlns:hv="urn:x"/>')
        zf.writestr("Contents/header.xml", b'<?xml version="1.0"?><hh:head xmlns:hh="urn:x"/>')
        for number, section in enumerate(sections):
            zf.writestr(f"Contents/section{number}.xml", section)
        if hpf is not None:
            zf.writestr("Contents/content.hpf", hpf)
        for name, content in (extra or {}).items():
            zf.writestr(zipfile.ZipInfo(name), content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# --- zip surgery -----------------------------------------------------------------------------------


def add_member(container: bytes, name: str, content: bytes) -> bytes:
    """The zip ``container`` with one more deflated member, its name written exactly as given."""
    out = io.BytesIO(container)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo(name), content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def patch_central(container: bytes, name: str, *, flag_bits: int | None = None, file_size: int | None = None) -> bytes:
    """Rewrite fields of ``name``'s central-directory (and local) header: a lying or encrypted entry."""
    data = bytearray(container)
    encoded = name.encode()
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46 : pos + 46 + name_len]) == encoded:
            local = struct.unpack_from("<I", data, pos + 42)[0]
            if flag_bits is not None:
                struct.pack_into("<H", data, pos + 8, flag_bits)
                struct.pack_into("<H", data, local + 6, flag_bits)
            if file_size is not None:
                struct.pack_into("<I", data, pos + 24, file_size)
                struct.pack_into("<I", data, local + 22, file_size)
            return bytes(data)
        pos += 4
    raise KeyError(name)


# --- OLE2 ------------------------------------------------------------------------------------------

FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    raw = (name + "\x00").encode("utf-16-le") if name else b""
    return struct.pack(
        "<64sHBBIII16sIQQIQ", raw, len(raw), kind, 1, NOSTREAM, NOSTREAM, child, b"\x00" * 16, 0, 0, 0, start, size
    )


def make_ole(stream_name: str, content: bytes) -> bytes:
    """A minimal OLE2 compound file (version 3, 512-byte sectors) with one stream in the root storage.

    The stream is padded to 4096 bytes so it lives in regular sectors (no mini stream needed)."""
    content = content.ljust(4096, b"\x00")
    n = len(content) // 512
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x00" * 16,
        0x3E,
        3,
        0xFFFE,
        9,
        6,
        b"\x00" * 6,
        0,  # directory sectors (0 in version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,
        4096,  # mini stream cutoff
        ENDOFCHAIN,  # first mini FAT sector
        0,
        ENDOFCHAIN,  # first DIFAT sector
        0,
    ) + struct.pack("<109I", 0, *([FREESECT] * 108))
    fat = [FATSECT, ENDOFCHAIN] + [3 + i for i in range(n - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (128 - len(fat))
    directory = (
        _dir_entry("Root Entry", 5, 1, ENDOFCHAIN, 0)
        + _dir_entry(stream_name, 2, NOSTREAM, 2, len(content))
        + _dir_entry("", 0, NOSTREAM, 0, 0) * 2
    )
    return header + struct.pack("<128I", *fat) + directory + content
