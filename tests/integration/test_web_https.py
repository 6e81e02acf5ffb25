"""`textback web` over HTTPS (issue 5): a real server process with a self-signed certificate
made here by the openssl CLI, as install.sh --https makes it, reached by a client that trusts
exactly that certificate.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.unit.test_web_cli import free_port, make_key_pair, run_textback, tls_config

PASSWORD = "copper-kettle-basin-42"


@dataclass(frozen=True)
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: str


@pytest.fixture
def https_web(tmp_path):
    """The running server: (port, certificate, setup code)."""
    certificate, key = make_key_pair(tmp_path, "admin")
    port = free_port()
    process = run_textback(tls_config(tmp_path, certificate, key, port), "web")
    try:
        code = _setup_code(process)
        _wait_for_port(port, time.monotonic() + 30)
        yield port, certificate, code
    finally:
        process.terminate()
        process.wait(timeout=10)


def _setup_code(process: subprocess.Popen) -> str:
    deadline = time.monotonic() + 30
    for line in process.stdout:
        found = re.search(r"(https?)://\S+setup/\?code=(\w+)", line)
        if found:
            assert found.group(1) == "https", line
            return found.group(2)
        assert time.monotonic() < deadline, "no setup code printed"
    raise AssertionError("textback web ended without printing a setup code")


def _wait_for_port(port: int, deadline: float) -> None:
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def fetch(port: int, certificate: Path, method: str, path: str, form: dict | None = None,
          cookie: str = "") -> Reply:
    trusting_only_that = ssl.create_default_context(cafile=str(certificate))
    connection = http.client.HTTPSConnection("127.0.0.1", port, context=trusting_only_that, timeout=10)
    headers = {"Cookie": cookie} if cookie else {}
    body = None
    if form is not None:
        body = urllib.parse.urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        # As a browser does: over HTTPS Flask-WTF refuses a form whose Referer is not this site.
        headers["Referer"] = f"https://127.0.0.1:{port}{path}"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return Reply(response.status, response.headers, response.read().decode())
    finally:
        connection.close()


def session_cookie(reply: Reply) -> str:
    """The Set-Cookie header of the admin session, whole (value and flags)."""
    [header] = [h for h in reply.headers.get_all("Set-Cookie") or [] if h.startswith("textback_session=")]
    return header


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def create_owner(port: int, certificate: Path, code: str) -> None:
    """The owner account, made through the first-run page over HTTPS."""
    setup_page = fetch(port, certificate, "GET", f"/setup/?code={code}")
    assert setup_page.status == 200 and "Create the owner account" in setup_page.body
    created = fetch(port, certificate, "POST", "/setup/", cookie=session_cookie(setup_page).split(";")[0], form={
        "csrf_token": csrf_token(setup_page.body), "code": code, "username": "owner", "password": PASSWORD,
        "password_again": PASSWORD, "cell_phone": "+15125550123"})
    assert created.status == 302, created.body


def test_the_login_page_comes_over_https_verified_against_the_installed_certificate(https_web):
    port, certificate, code = https_web
    create_owner(port, certificate, code)
    reply = fetch(port, certificate, "GET", "/login")
    assert reply.status == 200
    assert "textback</title>" in reply.body and 'name="password"' in reply.body


def test_a_client_that_does_not_trust_the_certificate_is_refused(https_web):
    port, _, _ = https_web
    with pytest.raises(ssl.SSLCertVerificationError):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            ssl.create_default_context().wrap_socket(raw, server_hostname="127.0.0.1")


def test_plain_http_to_the_https_port_gets_no_page(https_web):
    port, _, _ = https_web
    answer = _plain_http_answer(port, "/setup/")
    assert "Create the owner account" not in answer
    assert answer.startswith(("400 ", "connection closed")), answer
    if answer.startswith("400 "):
        assert "only speaks HTTPS" in answer


def _plain_http_answer(port: int, path: str) -> str:
    """What a browser typing http:// shows: cheroot's 400 "speaks HTTPS", or a reset connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return f"{response.status} {response.read().decode(errors='replace')}"
    except ConnectionError as error:        # the 400 raced the close of the socket
        return f"connection closed: {error}"
    finally:
        connection.close()


def test_the_session_cookie_after_login_is_secure_httponly_and_samesite(https_web):
    port, certificate, code = https_web
    create_owner(port, certificate, code)
    # A fresh browser logs in.
    login_page = fetch(port, certificate, "GET", "/login")
    logged_in = fetch(port, certificate, "POST", "/login", cookie=session_cookie(login_page).split(";")[0], form={
        "csrf_token": csrf_token(login_page.body), "username": "owner", "password": PASSWORD, "next": ""})
    assert logged_in.status == 302 and logged_in.headers["Location"].endswith("/inbox/"), logged_in.body
    flags = [part.strip().lower() for part in session_cookie(logged_in).split(";")[1:]]
    assert "secure" in flags and "httponly" in flags and "samesite=lax" in flags
    inbox = fetch(port, certificate, "GET", "/inbox/", cookie=session_cookie(logged_in).split(";")[0])
    assert inbox.status == 200 and "Inbox" in inbox.body
