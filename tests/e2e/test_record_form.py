"""A record form in Chromium: vocabulary pickers find entries from any spelling; saving shows the record."""

from __future__ import annotations

import re

from tests.e2e.conftest import Visit


def _pick(visit: Visit, field: str, typed: str, expected_id: str) -> None:
    fieldset = visit.page.locator(f'fieldset[data-field="{field}"]')
    fieldset.locator("input.vocab-search").first.fill(typed)
    option = fieldset.locator(f'.vocab-results button:has-text("{expected_id}")').first
    option.wait_for()
    option.click()
    assert fieldset.locator("input.vocab-id").first.input_value() == expected_id


def test_pickers_understand_any_spelling(visit: Visit) -> None:
    visit.sign_in("editor")
    visit.go("/records/new?type=Violation")
    _pick(visit, "type", "고문", "torture")
    _pick(visit, "facility", "요덕", "kwalliso-15")
    visit.screenshot("picked-hangul")
    _pick(visit, "facility", "Yodeok", "kwalliso-15")  # Revised Romanization finds the same camp
    visit.page.fill('fieldset[data-field="date"] input', "1997-03")
    visit.page.click("form.record-form button[type=submit]")
    visit.page.wait_for_url(re.compile(r".*/records/vio_[0-9A-Z]+$"))
    body = visit.page.locator("main").inner_text()
    assert "Torture" in body and "Yodok Political Prison Camp No. 15" in body and "1997-03" in body
    visit.screenshot("saved")
    assert visit.third_party_requests() == []
    assert visit.console_errors == []
