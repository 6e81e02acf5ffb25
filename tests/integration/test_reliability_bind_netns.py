"""The admin page is unreachable on interfaces it is not configured for (issue 7), checked in
network namespaces the test creates (root; `ip netns`).

The box gets two interfaces: `lan0` (10.77.0.1, the shop's LAN, where a desk PC sits at
10.77.0.2) and `wan0` (10.88.0.1, facing the internet, where an outsider sits at 10.88.0.2),
each a veth pair into its own namespace. The real `textback web` runs in the box's namespace
with [web] bind = the LAN address. The desk PC gets the admin page; the outsider cannot
connect, neither to the box's internet address nor (no route) to its LAN one; and nothing
listens on a wildcard address or on any other address of the box.

What binding cannot do (Linux accepts a packet for any of its addresses on any interface): a
neighbour on the internet-facing segment that routes 10.77.0.1 to the box would reach the
page. The internet cannot route a private LAN address, which is what the outsider here shows;
a firewall rule is what stops an on-link neighbour (docs/reliability.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.unit.test_web_cli import write_config

ROOT = Path(__file__).resolve().parents[2]
PORT = 18080
NAMES = {"box": f"tb-box-{os.getpid()}", "desk": f"tb-desk-{os.getpid()}", "outsider": f"tb-out-{os.getpid()}"}
LINKS = [("lan0", "10.77.0.1", "desk", "10.77.0.2"), ("wan0", "10.88.0.1", "outsider", "10.88.0.2")]

PROBE = """
import socket, sys, urllib.request
try:
    with urllib.request.urlopen(f"http://{sys.argv[1]}:{sys.argv[2]}/login", timeout=3) as page:
        print("answered", page.status, "· textback</title>" in page.read().decode())
except OSError as error:
    reason = getattr(error, "reason", error)
    print("refused" if isinstance(reason, ConnectionRefusedError) else f"unreachable {reason}")
"""


def ip(*args: str, namespace: str | None = None) -> str:
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    result = subprocess.run([*prefix, "ip", *args], capture_output=True, text=True, timeout=10)
    if result.returncode != 0:
        raise AssertionError(f"ip {' '.join(args)} failed: {result.stderr.strip()} (needs root and netns)")
    return result.stdout


@pytest.fixture
def network():
    created = []
    try:
        for name in NAMES.values():
            ip("netns", "add", name)
            created.append(name)
            ip("link", "set", "lo", "up", namespace=name)
        for box_side, box_address, peer, peer_address in LINKS:
            peer_side = f"{box_side}p"
            ip("link", "add", box_side, "netns", NAMES["box"], "type", "veth", "peer", "name", peer_side,
               "netns", NAMES[peer])
            ip("addr", "add", f"{box_address}/24", "dev", box_side, namespace=NAMES["box"])
            ip("link", "set", box_side, "up", namespace=NAMES["box"])
            ip("addr", "add", f"{peer_address}/24", "dev", peer_side, namespace=NAMES[peer])
            ip("link", "set", peer_side, "up", namespace=NAMES[peer])
        ip("route", "add", "default", "via", "10.77.0.1", namespace=NAMES["desk"])   # the box is its gateway
        yield NAMES
    finally:
        for name in created:
            subprocess.run(["ip", "netns", "del", name], capture_output=True, timeout=10)


def probe(namespace: str, address: str) -> str:
    result = subprocess.run(["ip", "netns", "exec", namespace, sys.executable, "-c", PROBE, address, str(PORT)],
                            capture_output=True, text=True, timeout=20)
    return result.stdout.strip() or result.stderr.strip()


def test_the_admin_answers_on_the_lan_only(network, tmp_path):
    config = write_config(tmp_path, "10.77.0.1", PORT)
    web = subprocess.Popen(["ip", "netns", "exec", network["box"], str(Path(sys.executable).parent / "textback"),
                            "--config", str(config), "web"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 30
        while probe(network["desk"], "10.77.0.1") != "answered 200 True":
            assert web.poll() is None, f"textback web exited: {web.stdout.read()}"
            assert time.monotonic() < deadline, f"the desk PC never got the admin page: {probe(network['desk'], '10.77.0.1')}"
            time.sleep(0.3)
        assert probe(network["outsider"], "10.88.0.1") == "refused"
        assert probe(network["outsider"], "10.77.0.1").startswith("unreachable")
        assert probe(network["desk"], "10.88.0.1") == "refused"      # the box's other address, even from the LAN
        assert probe(network["box"], "127.0.0.1") == "refused"
        listening = subprocess.run(["ip", "netns", "exec", network["box"], "ss", "-ltnH"], capture_output=True,
                                   text=True, timeout=10).stdout.split("\n")
        sockets = [line.split()[3] for line in listening if line.strip()]
        assert sockets == [f"10.77.0.1:{PORT}"], f"listening on more than the LAN address: {sockets}"
    finally:
        web.terminate()
        web.wait(10)
