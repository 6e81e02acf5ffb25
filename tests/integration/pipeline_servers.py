"""Real servers the pipeline's integration tests talk to: aiosmtpd (SMTP) and Radicale (CalDAV).

Each runs on 127.0.0.1 on a free port with its own temporary storage and stops with the test.
"""

from __future__ import annotations

import os
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (the tests trust it explicitly)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True, timeout=60)
    return cert, key


@dataclass
class Mailbox:
    """What the SMTP server received, and how it should answer the next messages."""

    received: list[Message] = field(default_factory=list)
    refuse_next: list[str] = field(default_factory=list)     # e.g. ["451 4.3.0 try again later"]

    async def handle_DATA(self, server, session, envelope):
        if self.refuse_next:
            return self.refuse_next.pop(0)
        message = message_from_bytes(envelope.original_content)
        message["X-Authenticated-As"] = (session.auth_data.login.decode() if session.auth_data else "")
        self.received.append(message)
        return "250 OK"


class SmtpServer:
    """aiosmtpd in a thread: security is 'starttls', 'ssl' or 'none'; login required when a user is given."""

    def __init__(self, folder: Path, security: str, username: str = "", password: str = "") -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.security = security
        self.cert, key = make_certificate(folder)
        server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server_tls.load_cert_chain(self.cert, key)
        options: dict = {}
        if security == "starttls":
            options.update(tls_context=server_tls, require_starttls=True)
        elif security == "ssl":
            options.update(ssl_context=server_tls)
        if username:
            # aiosmtpd only counts STARTTLS as TLS, not implicit TLS, when it checks auth_require_tls.
            options.update(authenticator=self._check_login(username, password), auth_required=True,
                           auth_require_tls=security == "starttls")
        self._controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port,
                                      server_hostname="localhost", **options)

    def client_tls(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=str(self.cert))
        return context

    @staticmethod
    def _check_login(username: str, password: str):
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == username.encode() \
                and auth_data.password == password.encode()
            # handled=False: aiosmtpd then answers 535 itself (its default leaves the client waiting).
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
        return authenticator

    def __enter__(self) -> "SmtpServer":
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self._controller.stop()


class RadicaleServer:
    """Radicale as a subprocess with htpasswd (plain) auth and file storage in a temp folder."""

    def __init__(self, folder: Path, username: str, password: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.username, self.password = username, password
        users = folder / "users"
        users.write_text(f"{username}:{password}\n")
        self._config = folder / "radicale.conf"
        self._config.write_text(f"""
[server]
hosts = 127.0.0.1:{self.port}
[auth]
type = htpasswd
htpasswd_filename = {users}
htpasswd_encryption = plain
[storage]
filesystem_folder = {folder / "collections"}
[logging]
level = warning
""")
        self._process: subprocess.Popen | None = None
        self._log = folder / "radicale.log"

    def __enter__(self) -> "RadicaleServer":
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self._process = subprocess.Popen([sys.executable, "-m", "radicale", "--config", str(self._config)],
                                         stdout=self._log.open("w"), stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"radicale exited: {self._log.read_text()}")
            try:
                urllib.request.urlopen(self.url, timeout=1)
                return self
            except urllib.error.HTTPError:
                return self                  # it answers (401 without credentials): up
            except OSError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"radicale did not start within 30 s: {self._log.read_text()}")

    def __exit__(self, *exc) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
