"""A real admin server (waitress on 127.0.0.1, an ephemeral port, a real SQLite file) and headless
Chromium driven by Playwright. Debian's /usr/bin/chromium: Playwright never downloads a browser."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from waitress.server import create_server

from appliance.config import Config
from tests.browser.support import MovableClock, snap
from tests.conftest import make_config
from tests.web_support import SETUP_CODE
from web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Server:
    url: str
    config: Config
    clock: MovableClock


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    config = make_config(tmp_path)
    clock = MovableClock()
    app = create_app(config, clock=clock, setup_code=SETUP_CODE)
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=wsgi.run, name="waitress", daemon=True)
    thread.start()
    try:
        yield Server(url=f"http://127.0.0.1:{wsgi.effective_port}", config=config, clock=clock)
    finally:
        stop(wsgi, thread)


def stop(wsgi, thread: threading.Thread) -> None:
    """Close the server's sockets from inside its own loop: closing them from this thread while the
    loop sits in select() can raise there. The loop ends once nothing is left in its map."""
    def close_everything() -> None:
        wsgi.close()
        for channel in list(wsgi._map.values()):
            channel.close()

    wsgi.trigger.pull_trigger(close_everything)
    thread.join(timeout=10)
    wsgi.task_dispatcher.shutdown()
    assert not thread.is_alive(), "the test server did not stop"


@pytest.fixture(scope="module")
def browser():
    # Module scope, not session: Playwright's sync API keeps an asyncio loop running in the
    # main thread while it is open, and every later test that calls asyncio.run() would fail.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1024, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.errors = errors
    yield page
    snap(page, f"{request.node.name}-end")
    context.close()


@pytest.fixture
def phone_page(browser):
    """A page the size of a phone's screen, with touch."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
