"""`textback web`: refuses to listen on every interface, and serves the admin page for real."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from appliance.config import ConfigError, load_config
from web.cli import check_bind, check_tls_files

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "", "*"])
def test_wildcard_addresses_are_refused_unless_asked_for(address):
    with pytest.raises(ConfigError, match="every network interface"):
        check_bind(address, allow_all_interfaces=False)
    check_bind(address, allow_all_interfaces=True)


def test_lan_and_loopback_addresses_are_fine():
    check_bind("192.168.1.20", allow_all_interfaces=False)
    check_bind("127.0.0.1", allow_all_interfaces=False)


def write_config(tmp_path: Path, bind: str, port: int, web_extra: str = "") -> Path:
    path = tmp_path / "textback.toml"
    path.write_text(f"""
[business]
name = "Lone Star Plumbing"
trade = "plumbing"
timezone = "America/Chicago"
phone = "+15125550100"

[storage]
database = "{tmp_path / 'textback.db'}"

[web]
bind = "{bind}"
port = {port}
{web_extra}""")
    return path


def run_textback(config: Path, *args: str, **kwargs) -> subprocess.Popen:
    # The installed `textback` command, beside this interpreter: what a person on the box runs.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([str(Path(sys.executable).parent / "textback"), "--config", str(config), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, **kwargs)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_web_refuses_a_wildcard_bind_with_advice(tmp_path):
    process = run_textback(write_config(tmp_path, "0.0.0.0", 8080), "web")
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "listens on every network interface" in output and "allow_all_interfaces" in output


def test_web_serves_the_first_run_page_with_the_printed_setup_code(tmp_path):
    port = free_port()
    process = run_textback(write_config(tmp_path, "127.0.0.1", port), "web")
    try:
        code = None
        deadline = time.monotonic() + 30
        for line in process.stdout:
            found = re.search(r"setup code (\w+)", line)
            if found:
                code = found.group(1)
                break
            assert time.monotonic() < deadline, "no setup code printed"
        assert code
        page = _get_when_up(f"http://127.0.0.1:{port}/setup/?code={code}", deadline)
        assert f'value="{code}"' in page and "Create the owner account" in page
    finally:
        process.terminate()
        process.wait(timeout=10)


def _get_when_up(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode()
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def tls_config(tmp_path: Path, certificate: Path, key: Path, port: int = 8443) -> Path:
    return write_config(tmp_path, "127.0.0.1", port,
                        web_extra=f'tls_certificate = "{certificate}"\ntls_key = "{key}"\n')


def make_key_pair(folder: Path, name: str) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, made as install.sh --https makes them."""
    certificate, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(certificate)],
                   check=True, capture_output=True, timeout=30)
    return certificate, key


def test_https_files_that_are_missing_or_not_files_are_named(tmp_path):
    certificate, key = make_key_pair(tmp_path, "admin")
    config = load_config(tls_config(tmp_path, tmp_path / "gone.crt", key))
    with pytest.raises(ConfigError, match=r"web.tls_certificate: there is no file .*gone.crt .*install.sh --https"):
        check_tls_files(config.web)
    config = load_config(tls_config(tmp_path, certificate, tmp_path))
    with pytest.raises(ConfigError, match="web.tls_key: cannot read .*Is a directory"):
        check_tls_files(config.web)
    check_tls_files(load_config(tls_config(tmp_path, certificate, key)).web)


def test_web_refuses_a_key_that_does_not_belong_to_the_certificate(tmp_path):
    certificate, _ = make_key_pair(tmp_path, "admin")
    _, other_key = make_key_pair(tmp_path, "other")
    process = run_textback(tls_config(tmp_path, certificate, other_key, free_port()), "web")
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "web.tls_certificate / web.tls_key" in output and "matching unencrypted private key" in output
