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
