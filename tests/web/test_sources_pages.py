"""The Sources area: many-file upload (custody, limits, hostile files, roles), the text view with suggestions
marked in place, review through the API and plain forms, cited passages, and redaction."""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest
from docx import Document
from fastapi import FastAPI
from tests.web.conftest import WebClient

from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store.store import Store

ENGLISH = (
    "Testimony of a former prisoner, recorded in Seoul.\n"
    "In March 1997 the bowibu sent him to Yodok, Camp 15, in South Hamgyong, where he was beaten. "
    "His brother Kim Chol-su was also sent there. About 50,000 political prisoners were held at Yodok.\n"
)
KOREAN = (
    "1997년 3월 보위부는 그를 요덕 제15호 관리소로 보냈다. 그는 그곳에서 구타를 당했다. "
    "그의 형 김철수도 함께 끌려갔다.\n"
)
_MARK = re.compile(r'<mark class="([^"]*)" data-s="([^"]*)" data-start="(\d+)" data-end="(\d+)">(.*?)</mark>', re.S)


def docx_bytes(text: str) -> bytes:
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(client: WebClient, name: str, data: bytes, **fields: str) -> Any:
    return client.post(
        "/api/sources",
        files={"file": (name, data, "application/octet-stream")},
        data=fields,
        headers={"x-csrf-token": client.csrf},
    )


def counts(collection: Collection) -> dict[str, int]:
    with collection.store.read() as conn:
        return Store.count_records(conn)


def stored_files(web_app: FastAPI) -> list[str]:
    root = web_app.state.services.files.root
    return [name for _, _, names in os.walk(root) for name in names]


def suggestions(client: WebClient, source_id: str, **query: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/sources/{source_id}/suggestions", params=query)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()
    return found


def test_upload_many_kinds_of_files(sign_in: Callable[[str], WebClient], web_collection: Collection) -> None:
    client = sign_in("editor")
    english = upload(client, "testimony.txt", ENGLISH.encode(), kind="testimony", **{"from": "NGO A", "on": "2024-05"})
    assert english.status_code == 201, english.text
    body = english.json()
    assert body["created"] is True and body["custody_added"] is True
    assert body["suggestions"] > 3
    assert body["source"]["data"]["kind"] == "testimony"
    assert body["source"]["data"]["acquired_on"] == "2024-05"

    word = upload(client, "interview.docx", docx_bytes("Interview.\n" + ENGLISH))
    assert word.status_code == 201, word.text
    assert word.json()["source"]["data"]["format"] == "docx"
    korean = upload(client, "증언.txt", KOREAN.encode("cp949"))
    assert korean.status_code == 201, korean.text
    korean_id = korean.json()["source"]["id"]
    assert client.get(f"/api/sources/{korean_id}/text").json()["text"].startswith("1997년 3월 보위부는")
    assert korean.json()["source"]["data"]["language"] == "ko"
    assert korean.json()["source"]["data"]["title"] == "증언.txt"

    listed = client.get("/api/sources", params={"limit": 2})
    assert listed.status_code == 200
    page = listed.json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["next_offset"] == 2
    rest = client.get("/api/sources", params={"limit": 2, "offset": 2}).json()
    items = {item["id"]: item for item in page["items"] + rest["items"]}
    assert items[korean_id]["pending"] == len(suggestions(client, korean_id, decision="pending")) > 0
    html_page = client.get("/sources")
    assert html_page.status_code == 200
    for title in ("testimony.txt", "interview.docx", "증언.txt"):
        assert title in html_page.text
    assert counts(web_collection)["Source"] == 3


def test_the_same_file_again_adds_custody_not_a_source(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    client = sign_in("editor")
    first = upload(client, "a.txt", ENGLISH.encode(), **{"from": "NGO A"})
    again = upload(client, "copy-of-a.txt", ENGLISH.encode(), **{"from": "NGO B", "how": "USB"})
    assert again.status_code == 201
    assert again.json()["created"] is False and again.json()["custody_added"] is True
    assert again.json()["source"]["id"] == first.json()["source"]["id"]
    repeated = upload(client, "copy-of-a.txt", ENGLISH.encode(), **{"from": "NGO B", "how": "USB"})
    assert repeated.json()["created"] is False and repeated.json()["custody_added"] is False
    assert counts(web_collection)["Source"] == 1
    source_id = first.json()["source"]["id"]
    custody = web_collection.referring(operator, source_id, "Custody")
    assert sorted(c.data["received_from"] for c in custody) == ["NGO A", "NGO B"]
    page = client.get(f"/sources/{source_id}")
    assert "NGO B" in page.text and "USB" in page.text and "copy-of-a.txt" in page.text


def test_oversize_files_are_refused_with_nothing_stored(
    sign_in: Callable[[str], WebClient], web_app: FastAPI, web_collection: Collection
) -> None:
    web_app.state.services.config = replace(web_app.state.services.config, max_upload_bytes=4096)
    client = sign_in("editor")
    for size in (5000, 200_000):  # refused while streaming, and by its declared length before reading
        response = upload(client, "big.txt", b"x" * size)
        assert response.status_code == 413, response.text
        message = response.json()["error"]["message"]
        assert "4 KB upload limit" in message and "\n" not in message
    # The plain form (no script): the file is refused on its own result line.
    page = client.post(
        "/sources",
        files=[("file", ("big.txt", b"y" * 5000, "text/plain")), ("file", ("ok.txt", ENGLISH.encode(), "text/plain"))],
        data={"csrf": client.csrf, "kind": "document"},
    )
    assert page.status_code == 200
    assert "upload limit" in page.text and "Added as a new source" in page.text
    assert counts(web_collection).get("Source") == 1
    assert len(stored_files(web_app)) == 1


@pytest.mark.parametrize("hostile", ["truncated-docx", "random", "bad-date"])
def test_unreadable_files_and_bad_facts_are_refused_in_one_line(
    hostile: str, sign_in: Callable[[str], WebClient], web_app: FastAPI, web_collection: Collection
) -> None:
    client = sign_in("editor")
    fields: dict[str, str] = {}
    if hostile == "truncated-docx":
        whole = docx_bytes(ENGLISH)
        name, data = "broken.docx", whole[: len(whole) // 2]
    elif hostile == "random":
        name, data = "noise.bin", bytes(range(256)) * 40 + os.urandom(4096)
    else:
        name, data, fields = "fine.txt", ENGLISH.encode(), {"on": "the day after"}
    before = counts(web_collection)
    response = upload(client, name, data, **fields)
    assert response.status_code == 422, response.text
    message = response.json()["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message and "/" not in message.replace("N/A", "")
    assert counts(web_collection) == before
    assert stored_files(web_app) == []


def test_viewers_and_bad_requests_may_not_upload(
    sign_in: Callable[[str], WebClient], web_collection: Collection
) -> None:
    viewer = sign_in("viewer")
    assert upload(viewer, "a.txt", ENGLISH.encode()).status_code == 403
    assert 'id="upload-form"' not in viewer.get("/sources").text
    editor = sign_in("editor")
    no_file = editor.post(
        "/api/sources", data={"from": "x"}, files={"other": ("a.txt", b"abc")}, headers={"x-csrf-token": editor.csrf}
    )
    assert no_file.status_code == 422
    bad_kind = upload(editor, "a.txt", ENGLISH.encode(), kind="rumour")
    assert bad_kind.status_code == 422
    no_csrf = editor.post("/api/sources", files={"file": ("a.txt", ENGLISH.encode())})
    assert no_csrf.status_code == 403
    assert counts(web_collection).get("Source") is None


def _marks(page: str) -> list[tuple[set[str], int, int, str]]:
    return [(set(ids.split()), int(s), int(e), html.unescape(text)) for _, ids, s, e, text in _MARK.findall(page)]


def test_text_view_marks_every_suggestion_exactly(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("editor")
    source_id = upload(client, "t.txt", (ENGLISH + "<script>alert(1)</script> & more\n").encode()).json()["source"][
        "id"
    ]
    text = client.get(f"/api/sources/{source_id}/text").json()["text"]
    page = client.get(f"/sources/{source_id}")
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text and "&lt;script&gt;alert(1)" in page.text
    marks = _marks(page.text)
    found = suggestions(client, source_id)
    assert found
    for suggestion in found:
        mine = [m for m in marks if suggestion["id"] in m[0]]
        assert mine, suggestion
        assert mine[0][1] == suggestion["start"] and mine[-1][2] == suggestion["end"]
        for (_, _, end, _), (_, start, _, _) in pairwise(mine):
            assert end == start  # the marks of one suggestion are one contiguous run
        assert "".join(m[3] for m in mine) == text[suggestion["start"] : suggestion["end"]] == suggestion["quote"]
        assert f'id="sg-{suggestion["id"]}"' in page.text
    kinds = {s["kind"] for s in found}
    assert {"violation", "date"} <= kinds
    for _, start, end, piece in marks:
        assert text[start:end] == piece
    # Without the markup, the view holds the text exactly.
    body = page.text.split('id="source-text"')[1].split(">", 1)[1].split("</div>", 1)[0]
    assert html.unescape(re.sub(r"<[^>]+>", "", body)) == text


def test_accept_and_reject_through_the_api(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    client = sign_in("editor")
    source_id = upload(client, "t.txt", ENGLISH.encode()).json()["source"]["id"]
    pending = suggestions(client, source_id, decision="pending")
    violation = next(s for s in pending if s["kind"] == "violation")
    stale = client.post(
        f"/api/suggestions/{violation['id']}/accept",
        json={"set": {}, "expected_version": violation["version"] + 3},
        headers={"x-csrf-token": client.csrf},
    )
    assert stale.status_code == 409, stale.text
    unknown = client.post(
        f"/api/suggestions/{violation['id']}/accept",
        json={"set": {"colour": "red"}, "expected_version": violation["version"]},
        headers={"x-csrf-token": client.csrf},
    )
    assert unknown.status_code == 422
    assert unknown.json()["error"]["message"] == "Violation.colour: no such field"
    accepted = client.post(
        f"/api/suggestions/{violation['id']}/accept",
        json={"set": {"confidence": 0.9}, "expected_version": violation["version"]},
        headers={"x-csrf-token": client.csrf},
    )
    assert accepted.status_code == 200, accepted.text
    body = accepted.json()
    assert body["suggestion"]["decision"] == "accepted" and body["suggestion"]["result"] == body["record"]["id"]
    assert body["record"]["type"] == "Violation" and body["record"]["data"]["confidence"] == 0.9
    citations = web_collection.citations_of(operator, body["record"]["id"])
    assert [(c.data["source"], c.data["start"], c.data["end"]) for c in citations] == [
        (source_id, violation["start"], violation["end"])
    ]
    again = client.post(
        f"/api/suggestions/{violation['id']}/accept",
        json={"expected_version": 2},
        headers={"x-csrf-token": client.csrf},
    )
    assert again.status_code == 422

    other = next(s for s in pending if s["kind"] == "date")
    for reason in ("", "   "):
        refused = client.post(
            f"/api/suggestions/{other['id']}/reject",
            json={"reason": reason, "expected_version": other["version"]},
            headers={"x-csrf-token": client.csrf},
        )
        assert refused.status_code == 422
    rejected = client.post(
        f"/api/suggestions/{other['id']}/reject",
        json={"reason": "the year of the interview, not of the event", "expected_version": other["version"]},
        headers={"x-csrf-token": client.csrf},
    )
    assert rejected.status_code == 200
    assert rejected.json()["decision"] == "rejected"
    assert len(suggestions(client, source_id, decision="rejected")) == 1
    assert client.get(f"/api/sources/{source_id}/suggestions", params={"decision": "maybe"}).status_code == 422
    page = client.get(f"/sources/{source_id}")
    assert f'href="/records/{body["record"]["id"]}"' in page.text
    assert "the year of the interview" in page.text
    viewer = sign_in("viewer")
    target = next(s for s in pending if s["kind"] == "place")
    denied = viewer.post(
        f"/api/suggestions/{target['id']}/accept",
        json={"expected_version": target["version"]},
        headers={"x-csrf-token": viewer.csrf},
    )
    assert denied.status_code in (403, 404)


def test_plain_forms_accept_and_reject(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("admin")
    source_id = upload(client, "t.txt", ENGLISH.encode()).json()["source"]["id"]
    pending = suggestions(client, source_id, decision="pending")
    first, second = pending[0], pending[1]
    page = client.get(f"/sources/{source_id}")
    assert f'action="/sources/{source_id}/suggestions/{first["id"]}/accept"' in page.text
    done = client.post(
        f"/sources/{source_id}/suggestions/{first['id']}/accept",
        data={"csrf": client.csrf, "expected_version": str(first["version"])},
    )
    assert done.status_code == 303
    assert done.headers["location"] == f"/sources/{source_id}#sg-{first['id']}"
    decided = {s["id"]: s for s in suggestions(client, source_id)}[first["id"]]
    assert decided["decision"] == "accepted" and decided["result"]
    assert f'href="/records/{decided["result"]}"' in client.get(f"/sources/{source_id}").text
    no_reason = client.post(
        f"/sources/{source_id}/suggestions/{second['id']}/reject",
        data={"csrf": client.csrf, "expected_version": str(second["version"])},
    )
    assert no_reason.status_code == 422
    no_csrf = client.post(
        f"/sources/{source_id}/suggestions/{second['id']}/reject",
        data={"expected_version": str(second["version"]), "reason": "wrong"},
    )
    assert no_csrf.status_code == 403
    rejected = client.post(
        f"/sources/{source_id}/suggestions/{second['id']}/reject",
        data={"csrf": client.csrf, "expected_version": str(second["version"]), "reason": "wrong"},
    )
    assert rejected.status_code == 303
    assert {s["id"]: s for s in suggestions(client, source_id)}[second["id"]]["decision"] == "rejected"


def test_a_cited_passage_is_marked(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("editor")
    source_id = upload(client, "t.txt", ENGLISH.encode()).json()["source"]["id"]
    text = client.get(f"/api/sources/{source_id}/text").json()["text"]
    start, end = text.index("bowibu"), text.index("beaten") + len("beaten")
    page = client.get(f"/sources/{source_id}", params={"start": start, "end": end})
    assert page.status_code == 200
    assert page.text.count('id="cited"') == 1
    cited = page.text.split('<span id="cited" class="cited">')[1]
    depth, out = 1, []
    for token in re.split(r"(<span[^>]*>|</span>)", cited):
        depth += 1 if token.startswith("<span") else -1 if token == "</span>" else 0
        if depth == 0:
            break
        out.append(token)
    assert html.unescape(re.sub(r"<[^>]+>", "", "".join(out))) == text[start:end]
    for bad in ({"start": 10}, {"start": 50, "end": 20}, {"start": 0, "end": len(text) + 1}):
        assert client.get(f"/sources/{source_id}", params=bad).status_code == 422


def test_protected_source_is_redacted_for_an_internal_viewer(sign_in: Callable[[str], WebClient]) -> None:
    editor = sign_in("editor")
    made = upload(editor, "interview with kim.txt", ENGLISH.encode(), **{"from": "Witness Kim"}).json()
    source_id = made["source"]["id"]
    assert made["source"]["protection"] == "protected"
    viewer = sign_in("viewer")
    page = viewer.get(f"/sources/{source_id}")
    assert page.status_code == 200
    assert 'id="redacted"' in page.text
    for secret in ("bowibu", "Kim Chol-su", "Witness Kim", "interview with kim", "<mark"):
        assert secret not in page.text
    assert "[protected]" in page.text
    assert viewer.get(f"/api/sources/{source_id}/text").status_code == 403
    listed = viewer.get("/api/sources").json()["items"]
    assert listed[0]["title"] == "[protected]" and listed[0]["redacted"] is True and listed[0]["pending"] > 0
    assert "[protected]" in viewer.get("/sources").text
    quotes = [s["quote"] for s in suggestions(viewer, source_id)]
    assert quotes and set(quotes) == {"[protected]"}
    # The editor, cleared for it, reads everything.
    assert "bowibu" in editor.get(f"/sources/{source_id}").text


def test_unknown_and_other_ids(sign_in: Callable[[str], WebClient], demo: dict[str, int]) -> None:
    client = sign_in("editor")
    assert client.get("/api/sources/src_0000000000000000000000000").status_code == 404
    assert client.get("/sources/not-an-id").status_code == 404
    person = client.get("/api/records", params={"type": "Person", "limit": 1})
    if person.status_code == 200 and person.json()["items"]:
        assert client.get(f"/api/sources/{person.json()['items'][0]['id']}").status_code == 404
    sources = client.get("/api/sources").json()
    assert sources["total"] >= 1
    for item in sources["items"]:
        assert client.get(f"/sources/{item['id']}").status_code == 200
