"""The records area: list with facets, a record's page, forms, history, status, and the records API."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from tests.web.conftest import WebClient

from girok.services.actor import Actor
from girok.services.records import Collection


def _violation(collection: Collection, operator: Actor, **data: object) -> str:
    return collection.create(operator, "Violation", {"type": "torture", **data}).id


def test_list_filters_and_facet_counts(
    sign_in: Callable[[str], WebClient], demo: dict[str, int], web_collection: Collection, operator: Actor
) -> None:
    client = sign_in("viewer")
    page = client.get("/records?type=Violation")
    assert page.status_code == 200
    total = int(re.search(r'id="records-total">(\d[\d,]*)', page.text).group(1).replace(",", ""))  # type: ignore[union-attr]
    visible = [
        v
        for v in web_collection.list_records(operator, "Violation", limit=1000)
        if v.confidentiality in ("public", "internal")
    ]
    assert total == len(visible)
    years: dict[str, int] = {}
    for violation in visible:
        if "date" in violation.data:
            years[violation.data["date"][:4]] = years.get(violation.data["date"][:4], 0) + 1
    year, count = sorted(years.items(), key=lambda item: -item[1])[0]
    facet = re.search(r'data-facet="year">(.*?)</section>', page.text, re.S).group(1)  # type: ignore[union-attr]
    assert re.search(rf"year={year}[^>]*>{year}</a> <span class=\"n\">{count}</span>", facet)
    filtered = client.get(f"/records?type=Violation&year={year}")
    assert f'id="records-total">{count} ' in filtered.text
    ids = set(re.findall(r'href="/records/(vio_[0-9A-Za-z]+)"', filtered.text))
    assert ids == {v.id for v in visible if v.data.get("date", "").startswith(year)}
    assert 'data-facet="violation_type"' in page.text and 'data-facet="province"' in page.text
    bad = client.get("/records?year=nineteen")
    assert bad.status_code == 422 and "year: expected a year" in bad.text


def test_detail_links_citations_to_the_exact_passage(
    sign_in: Callable[[str], WebClient], demo: dict[str, int], web_collection: Collection, operator: Actor
) -> None:
    violation = next(
        v
        for v in web_collection.list_records(operator, "Violation", limit=1000)
        if web_collection.citations_of(operator, v.id)
    )
    citation = web_collection.citations_of(operator, violation.id)[0]
    client = sign_in("admin")
    page = client.get(f"/records/{violation.id}")
    assert page.status_code == 200
    start, end, source = citation.data["start"], citation.data["end"], citation.data["source"]
    assert f'href="/sources/{source}?start={start}&amp;end={end}"' in page.text
    assert html.escape(citation.data["quote"], quote=False) in page.text
    assert "Torture" in page.text or violation.data["type"] in page.text or 'data-field="type"' in page.text


def test_create_and_edit_through_forms(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    client = sign_in("editor")
    form = client.get("/records/new?type=Violation")
    assert form.status_code == 200 and 'data-vocabulary="gazetteer"' in form.text
    created = client.post(
        "/records/new",
        data={
            "csrf": client.csrf,
            "type": "Violation",
            "f.type": "torture",
            "f.facility": "kwalliso-15",
            "f.date": "1997-03",
            "confidentiality": "internal",
        },
    )
    assert created.status_code == 303, created.text
    record_id = created.headers["location"].rsplit("/", 1)[1]
    page = client.get(f"/records/{record_id}")
    assert "Yodok Political Prison Camp No. 15" in page.text and "1997-03" in page.text
    edit = client.get(f"/records/{record_id}/edit")
    assert 'name="expected_version" value="1"' in edit.text and 'value="kwalliso-15"' in edit.text
    saved = client.post(
        f"/records/{record_id}/edit",
        data={
            "csrf": client.csrf,
            "expected_version": "1",
            "f.type": "torture",
            "f.facility": "kwalliso-15",
            "f.date": "1998",
            "reason": "second testimony dates it",
        },
    )
    assert saved.status_code == 303
    assert web_collection.get(operator, record_id).data["date"] == "1998"
    history = client.get(f"/records/{record_id}/history")
    row = re.search(r'<tr data-field="date">(.*?)</tr>', history.text, re.S).group(1)  # type: ignore[union-attr]
    assert "<del>1997-03</del>" in row and "<ins>1998</ins>" in row
    assert "second testimony dates it" in history.text


def test_person_form_keeps_names_as_a_list(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    client = sign_in("editor")
    created = client.post(
        "/records/new",
        data={
            "csrf": client.csrf,
            "type": "Person",
            "f.names": ["김영호", "Kim Yong-ho", ""],
            "f.names.kind": ["hangul", "romanized", ""],
            "f.names.source": ["", "", ""],
            "f.sex": "male",
            "protection": "protected",
            "confidentiality": "internal",
        },
    )
    assert created.status_code == 303, created.text
    person = web_collection.get(operator, created.headers["location"].rsplit("/", 1)[1])
    assert person.data["names"] == [{"text": "김영호", "kind": "hangul"}, {"text": "Kim Yong-ho", "kind": "romanized"}]
    history = client.get(f"/records/{person.id}/edit")
    assert history.text.count('name="f.names"') == 3  # two names and one empty row for another


def test_stale_edit_shows_the_conflict_and_keeps_the_input(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    record_id = _violation(web_collection, operator, date="1997")
    web_collection.update(operator, record_id, {"date": "1996"}, expected_version=1)
    client = sign_in("editor")
    stale = client.post(
        f"/records/{record_id}/edit",
        data={
            "csrf": client.csrf,
            "expected_version": "1",
            "f.type": "torture",
            "f.date": "2001-05",
            "f.description": "my careful words",
        },
    )
    assert stale.status_code == 409
    assert "was changed by someone else" in stale.text
    assert 'value="2001-05"' in stale.text and "my careful words" in stale.text
    assert web_collection.get(operator, record_id).data["date"] == "1996"


def test_unknown_vocabulary_id_is_one_line_and_keeps_input(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("editor")
    bad = client.post(
        "/records/new",
        data={
            "csrf": client.csrf,
            "type": "Violation",
            "f.type": "torture",
            "f.facility": "Yodok camp",
            "f.description": "kept text",
        },
    )
    assert bad.status_code == 422
    message = re.search(r'id="form-error">([^<]*)<', bad.text).group(1)  # type: ignore[union-attr]
    assert "unknown vocabulary id" in html.unescape(message) and "\n" not in message
    assert "kept text" in bad.text
    api = client.post("/api/records", json={"type": "Violation", "data": {"type": "beating"}},
                      headers={"x-csrf-token": client.csrf})  # fmt: skip
    assert api.status_code == 422
    assert api.json()["error"]["message"].startswith("Violation.type: unknown vocabulary id 'beating'")


def test_vocab_find_across_spellings(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("viewer")
    for text in ("Yodeok", "Yodok", "요덕"):
        found = client.get("/api/vocab/find", params={"q": text, "vocabulary": "gazetteer"}).json()
        assert "kwalliso-15" in [m["id"] for m in found], text
    client.post("/language", data={"lang": "ko", "next": "/", "csrf": client.csrf})
    found = client.get("/api/vocab/find", params={"q": "Yodok camp", "vocabulary": "gazetteer"}).json()
    assert found[0]["id"] == "kwalliso-15" and found[0]["label"] == "요덕 제15호 관리소"
    bad = client.get("/api/vocab/find", params={"q": "x", "vocabulary": "nope"})
    assert bad.status_code == 422 and "unknown vocabulary" in bad.json()["error"]["message"]


def test_api_round_trip_and_stale_patch(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("editor")
    headers = {"x-csrf-token": client.csrf}
    created = client.post(
        "/api/records", json={"type": "Event", "data": {"title": "Round-up", "date": "1997"}}, headers=headers
    )
    assert created.status_code == 201
    record = created.json()
    assert record["version"] == 1 and record["data"]["title"] == "Round-up"
    patched = client.patch(
        f"/api/records/{record['id']}",
        json={"data": {"date": "1998"}, "expected_version": 1, "reason": "fix"},
        headers=headers,
    )
    assert patched.status_code == 200 and patched.json()["version"] == 2
    stale = client.patch(
        f"/api/records/{record['id']}", json={"data": {"date": "1999"}, "expected_version": 1}, headers=headers
    )
    assert stale.status_code == 409 and "changed by someone else" in stale.json()["error"]["message"]
    listed = client.get("/api/records", params={"type": "Event"}).json()
    assert [item["id"] for item in listed["items"]] == [record["id"]] and listed["total"] == 1
    history = client.get(f"/api/records/{record['id']}/history").json()
    assert [h["action"] for h in history] == ["create", "update"] and history[1]["reason"] == "fix"
    deleted = client.delete(
        f"/api/records/{record['id']}", params={"expected_version": 2, "reason": "dup"}, headers=headers
    )
    assert deleted.status_code == 200 and deleted.json()["deleted_at"]
    assert client.get(f"/api/records/{record['id']}").status_code == 404
    restored = client.post(f"/api/records/{record['id']}/restore", json={"expected_version": 3}, headers=headers)
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None


def test_relations_citations_and_status_over_the_api(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    parent = web_collection.create(operator, "Person", {"names": ["A"]}, protection="none").id
    child = web_collection.create(operator, "Person", {"names": ["B"]}, protection="none").id
    source = web_collection.create(
        operator, "Source", {"title": "T", "kind": "testimony", "text": "He was beaten in 1997."}
    ).id
    violation = _violation(web_collection, operator, victim=child)
    client = sign_in("editor")
    headers = {"x-csrf-token": client.csrf}
    relation = client.post(
        "/api/relations", json={"subject": parent, "type": "parent-of", "object": child}, headers=headers
    )
    assert relation.status_code == 201 and relation.json()["data"]["type"] == "parent-of"
    bad = client.post("/api/relations", json={"subject": parent, "type": "friend-of", "object": child}, headers=headers)
    assert bad.status_code == 422
    cited = client.post(
        "/api/citations",
        json={"record": violation, "source": source, "start": 3, "end": 13, "quote": "was beaten"},
        headers=headers,
    )
    assert cited.status_code == 201
    assert [c["data"]["quote"] for c in client.get(f"/api/records/{violation}/citations").json()] == ["was beaten"]
    refused = client.post(f"/api/records/{violation}/status", json={"status": "corroborated"}, headers=headers)
    assert refused.status_code == 409 and "two independent sources" in refused.json()["error"]["message"]
    page = client.get(f"/records/{child}")
    assert f'href="/records/{parent}"' in page.text and "child of" in page.text


def test_status_form_shows_the_rule_as_one_line(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    record_id = _violation(web_collection, operator)
    client = sign_in("editor")
    page = client.get(f"/records/{record_id}")
    assert 'value="corroborated"' in page.text and 'value="verified"' not in page.text  # an editor does not verify
    refused = client.post(
        f"/records/{record_id}/status", data={"csrf": client.csrf, "status": "corroborated", "expected_version": "1"}
    )
    assert refused.status_code == 409
    assert re.search(r'id="record-message">[^<\n]*cannot be corroborated[^<\n]*<', refused.text)
    deleted = client.post(
        f"/records/{record_id}/delete", data={"csrf": client.csrf, "expected_version": "1", "reason": "duplicate"}
    )
    assert deleted.status_code == 303
    assert "duplicate" in client.get(f"/records/{record_id}/history").text
    restored = client.post(f"/records/{record_id}/restore", data={"csrf": client.csrf, "expected_version": "2"})
    assert restored.status_code == 303 and web_collection.get(operator, record_id).deleted_at is None


def test_viewer_reads_but_cannot_edit(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    record_id = _violation(web_collection, operator)
    client = sign_in("viewer")
    assert client.get(f"/records/{record_id}").status_code == 200
    assert client.get(f"/api/records/{record_id}").status_code == 200
    assert client.get(f"/records/{record_id}/edit").status_code == 403
    assert client.get("/records/new?type=Violation").status_code == 403
    post = client.post(
        f"/records/{record_id}/edit", data={"csrf": client.csrf, "expected_version": "1", "f.type": "killing"}
    )
    assert post.status_code == 403
    api = client.patch(f"/api/records/{record_id}", json={"data": {"type": "killing"}, "expected_version": 1},
                       headers={"x-csrf-token": client.csrf})  # fmt: skip
    assert api.status_code == 403
    assert web_collection.get(operator, record_id).data["type"] == "torture"


def test_confidential_record_is_invisible_to_an_internal_viewer(
    sign_in: Callable[[str], WebClient], web_collection: Collection, operator: Actor
) -> None:
    secret = web_collection.create(
        operator, "Violation", {"type": "execution", "date": "1990"}, confidentiality="confidential"
    ).id
    client = sign_in("viewer")
    assert client.get(f"/records/{secret}").status_code == 404
    assert client.get(f"/api/records/{secret}").status_code == 404
    assert client.get(f"/records/{secret}/history").status_code == 404
    assert secret not in client.get("/records?type=Violation").text
    assert secret not in client.get("/api/records?type=Violation").text
    assert "1990" not in client.get("/records").text
    assert sign_in("editor").get(f"/records/{secret}").status_code == 200
