"""The documenter's path end to end, in Chromium: sign in, upload a DOCX testimony, accept the violation it
suggests, open the created violation and its cited passage, find it by search in another script, and see
its facility on the map."""

from __future__ import annotations

import io
import re

from docx import Document
from tests.e2e.conftest import Visit

TESTIMONY = [
    "Testimony of a former prisoner, recorded in Seoul.",
    "In March 1997 I was sent to Yodok, Camp 15, where the guards beat me every day.",
    "I escaped across the Tumen river in 2003.",
]


def _docx() -> bytes:
    document = Document()
    for paragraph in TESTIMONY:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _yodok_violations(visit: Visit) -> int:
    places = visit.page.request.get(visit.server.url + "/api/map/places").json()
    return sum(f["properties"]["violations"] for f in places["features"] if f["properties"]["id"] == "kwalliso-15")


def test_upload_accept_cite_search_and_map(visit: Visit) -> None:
    page = visit.page
    visit.sign_in("editor")
    before = _yodok_violations(visit)

    # 1. Upload the DOCX testimony (drag-and-drop's file input), wait for its result line.
    visit.go("/sources")
    page.set_input_files(
        "#file-input",
        files=[
            {
                "name": "testimony.docx",
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "buffer": _docx(),
            }
        ],
    )
    created = page.locator("#upload-results li.ok a")
    created.wait_for()
    visit.screenshot("uploaded")

    # 2. Open its text view: the suggestions are marked in place; accept the torture at Yodok.
    created.click()
    page.wait_for_selector("#source-text mark.sg")
    source_url = page.url.split("?")[0].split("#")[0]
    torture = page.locator("li.suggestion.k-violation", has_text="Torture").first
    torture_id = torture.get_attribute("data-id")
    torture.locator("form.accept-form button").click()
    page.wait_for_selector(f'#sg-{torture_id}[data-decision="accepted"]')
    assert page.locator(f"#sg-{torture_id} .badge.decision-accepted").inner_text() == "Accepted"
    visit.screenshot("accepted")
    violation_href = page.locator(f"#sg-{torture_id} a[href^='/records/vio_']").first.get_attribute("href")
    assert violation_href is not None
    violation_id = violation_href.rsplit("/", 1)[-1]

    # 3. The created violation: its type, its facility, and its citation opening the exact passage.
    visit.go(violation_href)
    page.wait_for_selector("#citations .citation")
    body = page.locator("main").inner_text()
    assert "Torture" in body and "Yodok" in body
    visit.screenshot("violation")
    page.locator("#citations .citation a[href*='start=']").first.click()
    page.wait_for_selector("#cited")
    assert page.url.startswith(source_url)
    assert page.locator("#cited").inner_text().strip() == TESTIMONY[1]
    assert page.locator("#cited").is_visible()
    visit.screenshot("cited-passage")

    # 4. Search in another script: 요덕 (Hangul) finds the violation recorded from an English text.
    visit.go("/search?q=요덕+고문")
    page.wait_for_selector(".hit-list")
    assert page.locator(f'.hit[data-id="{violation_id}"]').count() == 1
    visit.screenshot("search-hangul")

    # 5. The map: the Yodok marker now counts this violation too, and its popup leads to the records.
    visit.go("/map")
    page.wait_for_selector('#map[data-ready="true"]')
    marker = page.locator('path.site-marker[data-site="kwalliso-15"]')
    assert marker.count() == 1
    assert int(marker.get_attribute("data-violations") or 0) == before + 1
    marker.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert re.search(r"Yodok|요덕", popup.inner_text())
    visit.screenshot("map")
    popup.locator("a").first.click()
    page.wait_for_url(re.compile(r".*/records\?.*facility=kwalliso-15.*"))
    assert page.locator(f'a[href="/records/{violation_id}"]').count() >= 1
    visit.screenshot("records-at-yodok")

    assert visit.third_party_requests() == []
    assert visit.console_errors == []
