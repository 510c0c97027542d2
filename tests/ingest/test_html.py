"""HTML: main text without boilerplate, blocks, metadata, declared charsets (CP949)."""

from __future__ import annotations

from girok.ingest.readers import read

PAGE = """<!DOCTYPE html>
<html lang="ko"><head>
<meta charset="{charset}">
<title>  요덕 수용소   증언 </title>
<meta name="author" content="기록팀">
<meta name="date" content="2024-03-01">
<style>body {{ color: red }}</style>
<script>var tracking = "do not index me";</script>
</head><body>
<header><a href="/">Home</a> <a href="/about">About us</a></header>
<nav><ul><li>Menu one</li><li>Menu two</li></ul></nav>
<div class="content">
<h1>요덕 수용소 증언</h1>
<p>그는   1997년에
   체포되었다.<br>다음 날 이송되었다.</p>
<p>Second <b>paragraph</b> with <a href="#">a link</a>.</p>
<table><tr><th>이름</th><th>연도</th></tr><tr><td>김철수</td><td>1997</td></tr></table>
<div hidden>hidden text</div>
<div style="display: none">invisible</div>
<pre>  keep   this
  spacing</pre>
</div>
<aside>Related stories</aside>
<form><input name="q"><button>Search</button></form>
<footer>Copyright 2024</footer>
</body></html>
"""

EXPECTED = (
    "요덕 수용소 증언\n\n그는 1997년에 체포되었다.\n다음 날 이송되었다.\n\nSecond paragraph with a link.\n\n"
    "이름\t연도\n\n김철수\t1997\n\n  keep   this\n  spacing"
)


def test_main_text_without_boilerplate() -> None:
    extracted = read(PAGE.format(charset="utf-8").encode())
    assert extracted.format == "html"
    assert extracted.text == EXPECTED
    for boilerplate in ("Home", "Menu one", "tracking", "Related", "Search", "Copyright", "hidden", "invisible"):
        assert boilerplate not in extracted.text


def test_metadata_and_language_hint() -> None:
    extracted = read(PAGE.format(charset="utf-8").encode())
    assert extracted.metadata == {
        "encoding": "utf-8",
        "title": "요덕 수용소 증언",
        "author": "기록팀",
        "date": "2024-03-01",
    }
    assert extracted.language_hint == "ko"


def test_meta_charset_euc_kr_is_read_as_cp949() -> None:
    page = PAGE.format(charset="euc-kr").replace("김철수", "김똠방")  # 똠 exists only in CP949
    extracted = read(page.encode("cp949"))
    assert extracted.text == EXPECTED.replace("김철수", "김똠방")
    assert extracted.metadata["encoding"] == "cp949"


def test_cp949_without_declaration_is_detected() -> None:
    page = "<html><body><p>함경북도 회령시 출신의 증언자는 보위부에 체포되었다.</p></body></html>"
    extracted = read(page.encode("cp949"))
    assert extracted.text == "함경북도 회령시 출신의 증언자는 보위부에 체포되었다."


def test_main_element_wins_and_keeps_its_header() -> None:
    page = (
        "<html><body><header>Site banner</header><div>Sidebar teaser</div>"
        "<main><article><header><h1>Headline</h1></header><p>Body text.</p>"
        "<footer>Tags: a, b</footer></article></main></body></html>"
    )
    assert read(page.encode()).text == "Headline\n\nBody text."


def test_xml_declaration_and_empty_page() -> None:
    page = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x y</p></body></html>'
    )
    assert read(page.encode()).text == "x y"
    assert read(b"<html><!-- nothing --></html>").text == ""
