"""The browser basics: sign-in, the dashboard, language, and no request leaving the machine."""

from __future__ import annotations

from tests.e2e.conftest import Visit


def test_sign_in_dashboard_and_korean(visit: Visit) -> None:
    visit.go("/")
    assert "/login" in visit.page.url
    visit.screenshot("login")
    visit.sign_in("admin")
    assert visit.page.locator("h1").inner_text() == "The collection at a glance"
    visit.screenshot("dashboard")
    visit.page.click("button[name=lang][value=ko]")
    visit.page.wait_for_selector("html[lang=ko]")
    assert visit.page.locator("h1").inner_text() == "기록 현황"
    visit.screenshot("dashboard-ko")
    cookies = {c["name"]: c for c in visit.context.cookies()}
    session = cookies["girok_session"]
    assert session["httpOnly"] and session["secure"] and session["sameSite"] == "Strict"
    assert visit.third_party_requests() == []
    assert visit.console_errors == []


def test_wrong_password_stays_on_the_sign_in_page(visit: Visit) -> None:
    visit.go("/login")
    visit.page.fill("input[name=username]", "ada")
    visit.page.fill("input[name=password]", "not the password")
    visit.page.click("button[type=submit]")
    assert visit.page.locator("[role=alert]").inner_text() == "wrong user name or password"
    visit.screenshot("refused")


def test_names_on_the_map_are_text_not_markup(visit: Visit) -> None:
    visit.sign_in("editor")
    csrf = visit.page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    made = visit.page.request.post(
        visit.server.url + "/api/records",
        data={"type": "Place", "data": {"names": ['<b id="injected">Camp</b> X'], "coordinates": "40.1, 127.2"}},
        headers={"X-CSRF-Token": csrf},
    )
    assert made.status == 201, made.text()
    visit.go("/map")
    visit.page.wait_for_selector('#map[data-ready="true"]')
    marker = visit.page.locator(f'path.site-marker[data-site="{made.json()["id"]}"]')
    marker.hover(force=True)
    tooltip = visit.page.locator(".leaflet-tooltip", has_text="Camp</b> X")
    tooltip.wait_for()
    assert visit.page.locator("#injected").count() == 0
    visit.screenshot("escaped-name")
