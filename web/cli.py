"""`textback web`: serve the admin page on [web] bind and port, over HTTPS when [web] names a certificate.

The admin belongs on the shop's LAN, never on the open internet, so a wildcard address
(every interface, including one facing the world) is refused unless the configuration asks
for it by name. The same rule holds with or without HTTPS.

Which server: plain HTTP is served by waitress, as it always was. Waitress has no TLS at all
(its documentation says to put a reverse proxy such as nginx in front for that), and a second
daemon on the box only to present a self-signed certificate is more to install and to keep
running. So when [web] tls_certificate and tls_key are set, cheroot (CherryPy's pure-Python,
thread-pooled WSGI server) serves instead, with its BuiltinSSLAdapter: Python's own ssl module,
TLS 1.2 or newer. That adapter sets wsgi.url_scheme to https, so Flask sees request.is_secure
and marks the session cookie Secure (web/security.py). A plain-HTTP request to that port never
gets a page: cheroot answers "400 Bad Request: this server only speaks HTTPS" and closes, which
a browser mostly shows as a reset connection.
Flask and the servers are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import logging
import ssl
from collections.abc import Callable
from functools import partial

from appliance.config import Config, ConfigError, Web

log = logging.getLogger("textback.web")

WILDCARD_ADDRESSES = {"0.0.0.0", "::", "[::]", "", "*"}
THREADS = 8


def add_commands(commands, add) -> None:
    add(commands, "web", _cmd_web, "serve the admin web page on [web] bind and port")


def check_bind(address: str, allow_all_interfaces: bool) -> None:
    if address.strip() in WILDCARD_ADDRESSES and not allow_all_interfaces:
        raise ConfigError(
            f"web.bind: {address!r} listens on every network interface, including any that faces the "
            "internet. Put the shop LAN's address of this box (like \"192.168.1.20\"), or set "
            "web.allow_all_interfaces = true if you really mean it")


def check_tls_files(web: Web) -> None:
    """Both files named in [web] can be read by this process; the error names the key that cannot."""
    for key, path in (("web.tls_certificate", web.tls_certificate), ("web.tls_key", web.tls_key)):
        try:
            with open(path, "rb"):
                pass
        except FileNotFoundError:
            raise ConfigError(f"{key}: there is no file {path} (sudo ./install.sh --https makes one)") from None
        except PermissionError:
            raise ConfigError(f"{key}: cannot read {path}: permission denied (the textback user must be "
                              "able to read it)") from None
        except OSError as error:
            raise ConfigError(f"{key}: cannot read {path}: {error.strerror}") from None


def serve(config: Config) -> None:
    from web.app import create_app

    web = config.web
    check_bind(web.bind, web.allow_all_interfaces)
    https = bool(web.tls_certificate)
    if https:
        check_tls_files(web)
    app = create_app(config)
    run = _https_server(app, web) if https else _http_server(app, web)
    url = f"{'https' if https else 'http'}://{web.bind}:{web.port}/"
    _announce_first_run(app, url)
    log.info("admin page on %s", url)
    run()


def _announce_first_run(app, url: str) -> None:
    from web.auth.users import has_owner
    from web.db import get_db

    with app.app_context():
        first_run = not has_owner(get_db())
    if first_run:
        code = app.extensions["textback"].setup_code
        log.warning("first run: open %ssetup/?code=%s to create the owner account (setup code %s)",
                    url, code, code)


def _http_server(app, web: Web) -> Callable[[], None]:
    from waitress import serve as waitress_serve

    return partial(waitress_serve, app, host=web.bind, port=web.port, threads=THREADS, ident="textback")


def _https_server(app, web: Web) -> Callable[[], None]:
    from cheroot.ssl.builtin import BuiltinSSLAdapter
    from cheroot.wsgi import Server

    try:
        adapter = BuiltinSSLAdapter(web.tls_certificate, web.tls_key)
    except (ssl.SSLError, ValueError) as error:
        raise ConfigError(
            f"web.tls_certificate / web.tls_key: {web.tls_certificate} and {web.tls_key} are not a PEM "
            f"certificate and its matching unencrypted private key ({error})") from None
    server = Server((web.bind, web.port), app, numthreads=THREADS, server_name="textback")
    server.version = "textback"   # the Server header names no software version
    server.ssl_adapter = adapter
    return server.safe_start


def _cmd_web(args: argparse.Namespace) -> int:
    from appliance.cli import load

    serve(load(args))
    return 0
