"""The Sources area in a real browser: many files uploaded with progress, then keyboard review of suggestions."""

from __future__ import annotations

from tests.e2e.conftest import Visit

TEXT = (
    "In March 1997 the bowibu sent him to Yodok, Camp 15, in South Hamgyong, where he was beaten. "
    "His brother Kim Chol-su was also sent there. About 50,000 political prisoners were held at Yodok.\n"
)


def test_upload_many_then_review_with_the_keyboard(visit: Visit) -> None:
    visit.sign_in("editor")
    visit.go("/sources")
    visit.page.fill("input[name=from]", "NGO A")
    visit.page.set_input_files(
        "#file-input",
        files=[
            {"name": "testimony.txt", "mimeType": "text/plain", "buffer": TEXT.encode()},
            {"name": "noise.bin", "mimeType": "application/octet-stream", "buffer": bytes(range(256)) * 64},
        ],
    )
    created = visit.page.locator("#upload-results li.ok a")
    created.wait_for()
    visit.page.locator("#upload-results li.refused").wait_for()
    assert "Added as a new source" in created.inner_text()
    assert "Refused" in visit.page.locator("#upload-results li.refused").inner_text()
    visit.screenshot("uploaded")

    created.click()
    visit.page.wait_for_selector("#source-text mark.sg")
    first = visit.page.locator('li.suggestion[data-decision="pending"]').first
    first_id = first.get_attribute("data-id")
    visit.page.keyboard.press("j")
    visit.page.wait_for_selector(f"#sg-{first_id}.current")
    assert visit.page.locator("mark.sg.current").count() >= 1
    visit.page.keyboard.press("a")
    visit.page.wait_for_selector(f'#sg-{first_id}[data-decision="accepted"]')
    assert "/records/" in (visit.page.locator(f"#sg-{first_id} .outcome a").get_attribute("href") or "")
    visit.screenshot("accepted")

    second = visit.page.locator("li.suggestion.current").get_attribute("data-id")
    visit.page.keyboard.press("r")
    visit.page.wait_for_selector("#reject-dialog[open]")
    visit.page.fill("#reject-reason", "not what the witness said")
    visit.page.click('#reject-dialog button[value="reject"]')
    visit.page.wait_for_selector(f'#sg-{second}[data-decision="rejected"]')

    third = visit.page.locator("li.suggestion.current").get_attribute("data-id")
    visit.page.keyboard.press("e")
    visit.page.wait_for_selector("#edit-dialog[open] #edit-fields input")
    visit.screenshot("editing")
    visit.page.click('#edit-dialog button[value="accept"]')
    visit.page.wait_for_selector(f'#sg-{third}[data-decision="accepted"]')

    visit.page.keyboard.press("?")
    visit.page.wait_for_selector("#help-dialog[open]")
    visit.page.keyboard.press("Escape")
    visit.page.goto(visit.page.url.split("#")[0].split("?")[0] + "?start=3&end=30")
    visit.page.wait_for_selector("#cited")
    visit.screenshot("cited")
    assert visit.third_party_requests() == []
    assert [e for e in visit.console_errors if "422" not in e] == []
