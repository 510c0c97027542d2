"""The audit log page and GET /api/audit: reviewers and administrators only, by record, with the chain's state."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import update
from tests.web.conftest import WebClient

from girok.services.actor import Actor
from girok.services.records import Collection
from girok.store import tables as t

ROW = re.compile(r'<tr data-seq="(\d+)">')


def _arrange(collection: Collection, operator: Actor) -> tuple[str, str]:
    first = collection.create(operator, "Place", {"names": ["Hoeryong"]})
    collection.update(operator, first.id, {"names": ["Hoeryong", "회령"]}, expected_version=1)
    second = collection.create(operator, "Place", {"names": ["Musan"]})
    return first.id, second.id


def test_a_reviewer_sees_the_newest_entries_and_the_chain_intact(
    web_collection: Collection, operator: Actor, sign_in: Callable[[str], WebClient]
) -> None:
    first, second = _arrange(web_collection, operator)
    client = sign_in("reviewer")
    page = client.get("/audit")
    assert page.status_code == 200
    assert "data-ok" not in page.text and 'name="verify"' in page.text  # the slow check runs on request only
    seqs = [int(s) for s in ROW.findall(page.text)]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) >= 3
    assert page.text.index(second) < page.text.index(first)  # newest first
    assert "record.update" in page.text and "local:test" in page.text
    assert f'href="/records/{first}/history">2</a>' in page.text
    page = client.get("/audit", params={"verify": "true"})
    assert 'data-ok="true"' in page.text
    assert re.search(r"Intact: \d+ entries", page.text)


def test_the_record_filter_keeps_that_records_entries(
    web_collection: Collection, operator: Actor, sign_in: Callable[[str], WebClient]
) -> None:
    first, second = _arrange(web_collection, operator)
    client = sign_in("admin")
    page = client.get("/audit", params={"record": first})
    assert len(ROW.findall(page.text)) == 2
    assert second not in page.text
    api = client.get("/api/audit", params={"record": first, "verify": "true"}).json()
    assert [(e["action"], e["version"]) for e in api["items"]] == [("record.update", 2), ("record.create", 1)]
    assert api["record"] == first and api["chain"]["ok"] is True and api["chain"]["problem"] is None
    assert len(client.get("/api/audit", params={"limit": 1}).json()["items"]) == 1


def test_a_limit_pages_back_through_older_entries(
    web_collection: Collection, operator: Actor, sign_in: Callable[[str], WebClient]
) -> None:
    _arrange(web_collection, operator)
    client = sign_in("reviewer")
    page = client.get("/audit", params={"limit": 2})
    assert len(ROW.findall(page.text)) == 2
    more = re.search(r'<a href="([^"]+)" rel="next">', page.text)
    assert more is not None and "limit=52" in more.group(1)
    assert len(ROW.findall(client.get(more.group(1).replace("&amp;", "&")).text)) > 2


def test_viewers_and_editors_are_refused(sign_in: Callable[[str], WebClient]) -> None:
    for role in ("viewer", "editor"):
        client = sign_in(role)
        assert client.get("/audit").status_code == 403
        refused = client.get("/api/audit?verify=true")
        assert refused.status_code == 403 and set(refused.json()["error"]) == {"status", "message", "reference"}


def test_bad_parameters_get_one_line(sign_in: Callable[[str], WebClient]) -> None:
    client = sign_in("reviewer")
    for params in ({"limit": "0"}, {"limit": "501"}, {"limit": "many"}, {"record": "x" * 65}):
        response = client.get("/api/audit", params=params)
        assert response.status_code == 422, params
        assert "\n" not in response.json()["error"]["message"]
        assert client.get("/audit", params=params).status_code == 422


def test_a_record_changed_outside_girok_is_reported(
    web_collection: Collection, operator: Actor, sign_in: Callable[[str], WebClient]
) -> None:
    first, _ = _arrange(web_collection, operator)
    with web_collection.store.write() as conn:  # a change made straight in the database, bypassing the services
        conn.execute(update(t.records).where(t.records.c.id == first).values(status=None, version=9))
    client = sign_in("reviewer")
    page = client.get("/audit", params={"verify": "true"})
    assert 'data-ok="false"' in page.text and f'href="/records/{first}"' in page.text
    chain = client.get("/api/audit?verify=true").json()["chain"]
    assert chain["ok"] is False and chain["unaudited_records"] == [first]
