"""Make the README's screenshots: the dashboard and the inbox of a demo shop with 30 days of history.

Run from the repository root:  .venv/bin/python docs/screenshots/make_screenshots.py
It starts the real admin app (waitress, a throw-away SQLite file), fills it with demo data through
the store's and pipeline's own functions (tests/shop_seed.py), logs in with Debian's chromium and
writes docs/screenshots/dashboard.png and inbox.png. Nothing leaves the machine.
"""

from __future__ import annotations

import sys
import tempfile
import threading
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from waitress.server import create_server  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, stop  # noqa: E402
from tests.conftest import make_config  # noqa: E402
from tests.shop_seed import demo_shop  # noqa: E402
from tests.web_support import OWNER, SETUP_CODE, add_user  # noqa: E402
from web.app import create_app  # noqa: E402

OUT = Path(__file__).resolve().parent
VIEWPORT = {"width": 1100, "height": 900}


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="textback-screens-") as folder:
        config = make_config(Path(folder))
        now = datetime.now(timezone.utc)
        add_user(config, now, *OWNER, "owner")
        demo_shop(config, now)
        wsgi = create_server(create_app(config, setup_code=SETUP_CODE), host="127.0.0.1", port=0, threads=4)
        thread = threading.Thread(target=wsgi.run, daemon=True)
        thread.start()
        try:
            shoot(f"http://127.0.0.1:{wsgi.effective_port}")
        finally:
            stop(wsgi, thread)


def shoot(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.goto(f"{url}/login")
        page.get_by_label("Username").fill(OWNER[0])
        page.get_by_label("Password").fill(OWNER[1])
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/inbox/")
        page.screenshot(path=str(OUT / "inbox.png"))
        page.goto(f"{url}/dashboard/")
        page.screenshot(path=str(OUT / "dashboard.png"), full_page=True)
        browser.close()
    print(f"wrote {OUT / 'inbox.png'} and {OUT / 'dashboard.png'}")


if __name__ == "__main__":
    main()
