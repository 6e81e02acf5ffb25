"""Every admin page on a shop with 100,000 messages: p50 and p95 per page (issue 7: under 200 ms).

    .venv/bin/python -m bench.admin_pages [--messages 100000] [--repeat 20]

Builds the database with bench/big_shop.py (bulk inserts through the real schema), logs in as
the owner with Flask's test client (the whole request: routing, queries, templates; no network),
and requests every page that takes no argument, plus the busiest customer's thread, a lead and
the live-feed JSON the inbox polls.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.big_shop import fill
from tests.conftest import make_config
from tests.web_support import OWNER, OWNER_CELL, SETUP_CODE, add_user, login
from web.app import create_app

SKIPPED = {"static", "auth.login", "calendar.feed"}   # files, the login form itself, a token-guarded feed


def pages(app, busiest: str) -> list[str]:
    plain = sorted(rule.rule for rule in app.url_map.iter_rules()
                   if "GET" in rule.methods and not rule.arguments and rule.endpoint not in SKIPPED
                   and not rule.endpoint.startswith("setup."))
    return plain + [f"/inbox/{busiest}", f"/inbox/{busiest}/feed.json", "/pipeline/leads/1"]


def time_pages(client, paths: list[str], repeat: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for path in paths:
        status = client.get(path).status_code          # warm: templates compiled, pages cached by SQLite
        if status not in (200, 302):           # / redirects to the inbox
            raise SystemExit(f"{path} answered {status}")
        timings[path] = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            timings[path].append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    now = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory() as directory:
        config = make_config(Path(directory))
        started = time.perf_counter()
        busiest = fill(Path(config.storage.database), args.messages, now - timedelta(hours=1))[0]
        built = time.perf_counter() - started
        size = os.path.getsize(config.storage.database) / 1e6
        print(f"{args.messages} messages: built in {built:.1f} s, {size:.0f} MB; load average {os.getloadavg()[0]:.1f}")
        add_user(config, now, *OWNER, "owner", OWNER_CELL)
        app = create_app(config, setup_code=SETUP_CODE)
        client = app.test_client()
        login(client, *OWNER)
        timings = time_pages(client, pages(app, busiest), args.repeat)
    print(f"{'page':40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for path, samples in timings.items():
        samples.sort()
        p95 = samples[max(0, round(len(samples) * 0.95) - 1)]
        flag = "  over 200 ms" if p95 > 200 else ""
        print(f"{path:40} {statistics.median(samples):8.1f} {p95:8.1f} {samples[-1]:8.1f}{flag}")


if __name__ == "__main__":
    main()
