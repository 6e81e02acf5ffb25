"""install.sh --https on a fresh Debian bookworm (the chroot machine of test_install_chroot.py):
the self-signed certificate for the admin page, its key private to the textback user, the
configuration that serves it, and a re-run that keeps the certificate.
"""

from __future__ import annotations

import subprocess
import tomllib
from datetime import datetime, timedelta, timezone

import pytest

from tests.install.machine import Machine
from tests.integration.test_install_chroot import FIRST_INSTALL, owner

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

CERT, KEY = "/etc/textback/tls/admin.crt", "/etc/textback/tls/admin.key"
HTTPS_INSTALL = (*FIRST_INSTALL, "--web-bind", "192.168.1.20", "--asterisk", "none", "--https")


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    machine = Machine(tmp_path_factory.mktemp("bookworm-https"))
    yield machine
    machine.remove()


def fingerprint(machine: Machine) -> str:
    return subprocess.run(["openssl", "x509", "-in", str(machine.path(CERT)), "-noout", "-fingerprint", "-sha256"],
                          capture_output=True, text=True, check=True, timeout=30).stdout


def test_dry_run_prints_the_certificate_step_and_makes_nothing(machine):
    done = machine.install(*HTTPS_INSTALL, "--dry-run")
    assert "==> HTTPS certificate /etc/textback/tls/admin.crt" in done.stdout
    assert "+ openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 825" in done.stdout
    assert not machine.path("/etc/textback").exists()


def test_first_install_makes_the_certificate_and_serves_the_page_with_it(machine):
    done = machine.install(*HTTPS_INSTALL)
    assert "admin page:  https://192.168.1.20:8080/" in done.stdout
    assert owner(machine, "/etc/textback/tls") == ("root", "textback", 0o750)
    assert owner(machine, KEY) == ("textback", "textback", 0o600)
    assert owner(machine, CERT)[2] == 0o644
    text = subprocess.run(["openssl", "x509", "-in", str(machine.path(CERT)), "-noout", "-text"],
                          capture_output=True, text=True, check=True, timeout=30).stdout
    assert "Subject: CN = 192.168.1.20" in text and "IP Address:192.168.1.20" in text
    assert "ASN1 OID: prime256v1" in text
    not_after = subprocess.run(["openssl", "x509", "-in", str(machine.path(CERT)), "-noout", "-enddate"],
                               capture_output=True, text=True, check=True, timeout=30).stdout
    expires = datetime.strptime(not_after.strip().removeprefix("notAfter="), "%b %d %H:%M:%S %Y %Z")
    lifetime = expires.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)
    assert timedelta(days=824) < lifetime <= timedelta(days=825)
    web = tomllib.loads(machine.path("/etc/textback/textback.toml").read_text())["web"]
    assert (web["tls_certificate"], web["tls_key"], web["bind"]) == (CERT, KEY, "192.168.1.20")
    # The service user can load the pair, as `textback web` does at start.
    machine.run("runuser", "-u", "textback", "--", "/opt/textback/bin/python", "-c",
                "import ssl, sys; ssl.create_default_context(ssl.Purpose.CLIENT_AUTH).load_cert_chain(*sys.argv[1:])",
                CERT, KEY)


def test_rerunning_keeps_the_certificate(machine):
    before = fingerprint(machine)
    done = machine.install("--https")
    assert "kept (never replaced" in done.stdout
    assert fingerprint(machine) == before
    assert "to serve the admin page over HTTPS, add" not in done.stdout   # the config already does
