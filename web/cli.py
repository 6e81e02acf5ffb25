"""`textback web`: serve the admin page with waitress on [web] bind and port.

The admin belongs on the shop's LAN, never on the open internet, so a wildcard address
(every interface, including one facing the world) is refused unless the configuration asks
for it by name. Flask and waitress are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import logging

from appliance.config import Config, ConfigError

log = logging.getLogger("textback.web")

WILDCARD_ADDRESSES = {"0.0.0.0", "::", "[::]", "", "*"}


def add_commands(commands, add) -> None:
    add(commands, "web", _cmd_web, "serve the admin web page on [web] bind and port")


def check_bind(address: str, allow_all_interfaces: bool) -> None:
    if address.strip() in WILDCARD_ADDRESSES and not allow_all_interfaces:
        raise ConfigError(
            f"web.bind: {address!r} listens on every network interface, including any that faces the "
            "internet. Put the shop LAN's address of this box (like \"192.168.1.20\"), or set "
            "web.allow_all_interfaces = true if you really mean it")


def serve(config: Config) -> None:
    from waitress import serve as waitress_serve

    from web.app import create_app
    from web.auth.users import has_owner
    from web.db import get_db

    check_bind(config.web.bind, config.web.allow_all_interfaces)
    app = create_app(config)
    url = f"http://{config.web.bind}:{config.web.port}/"
    with app.app_context():
        first_run = not has_owner(get_db())
    if first_run:
        code = app.extensions["textback"].setup_code
        log.warning("first run: open %ssetup/?code=%s to create the owner account (setup code %s)",
                    url, code, code)
    log.info("admin page on %s", url)
    waitress_serve(app, host=config.web.bind, port=config.web.port, threads=8, ident="textback")


def _cmd_web(args: argparse.Namespace) -> int:
    from appliance.cli import load

    serve(load(args))
    return 0
