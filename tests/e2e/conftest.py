"""End-to-end tests: the real server (uvicorn, in a thread) driven by Debian's Chromium through Playwright.

No browser is downloaded: Playwright launches /usr/bin/chromium (installed by scripts/setup). Each test
saves screenshots under test-output/e2e/ (or $GIROK_TEST_OUTPUT/e2e/). The page's every request is
recorded, so a test can assert that nothing went to a third party.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from tests.web.conftest import CHEAP_HASHER, PASSWORD

from girok.demo.generator import generate
from girok.home import Home
from girok.services.accounts import Accounts
from girok.services.actor import local_operator
from girok.web.app import create_app
from girok.web.config import WebConfig

CHROMIUM = os.environ.get("GIROK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OUTPUT = Path(os.environ.get("GIROK_TEST_OUTPUT", Path(__file__).parents[2] / "test-output")) / "e2e"


@dataclass
class Server:
    url: str
    home: Home
    users: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, db_url: str) -> Iterator[Server]:
    """Girok with a small demo collection and one account per role, served on a free loopback port."""
    home = Home(path=tmp_path / "home", db_url=db_url)
    home.init()[0].close()
    app = create_app(WebConfig(home=home, hasher=CHEAP_HASHER))
    services = app.state.services
    operator = local_operator("local:e2e")
    generate(services.collection, operator, size=3, seed=11)
    accounts: Accounts = services.accounts
    users = {"admin": "ada", "editor": "eun", "reviewer": "rhee", "viewer": "vic"}
    clearances = {"admin": "restricted", "editor": "confidential", "reviewer": "confidential", "viewer": "internal"}
    for role, name in users.items():
        accounts.add_user(operator, name, PASSWORD, role=role, clearance=clearances[role])
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False, lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield Server(url=f"http://127.0.0.1:{port}", home=home, users=users)
    uv.should_exit = True
    thread.join(timeout=10)
    services.collection.store.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/setup (it installs Debian's chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Visit:
    """A browser tab on the server, with every request it made and every console error it logged."""

    page: Page
    context: BrowserContext
    server: Server
    name: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    shots: int = 0

    def go(self, path: str) -> None:
        self.page.goto(self.server.url + path)

    def screenshot(self, step: str) -> Path:
        OUTPUT.mkdir(parents=True, exist_ok=True)
        self.shots += 1
        path = OUTPUT / f"{self.name}-{self.shots:02d}-{step}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def sign_in(self, role: str) -> None:
        self.go("/login")
        self.page.fill("input[name=username]", self.server.users[role])
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_url(self.server.url + "/")

    def third_party_requests(self) -> list[str]:
        return [url for url in self.requests if not url.startswith((self.server.url, "data:", "blob:"))]


@pytest.fixture
def visit(browser: Browser, server: Server, request: pytest.FixtureRequest) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    name = request.node.name.replace("[", "-").replace("]", "")
    tab = Visit(page=page, context=context, server=server, name=name)
    page.on("request", lambda req: tab.requests.append(req.url))
    page.on("console", lambda msg: tab.console_errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
