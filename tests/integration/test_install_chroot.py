"""install.sh on a fresh Debian bookworm, as root, without a running systemd.

One machine goes through a shop's whole story, so the tests run in file order: a dry run
that changes nothing, the first install (attaching to an Asterisk that is already there),
the units checked with `systemd-analyze verify`, doctor against a real Asterisk running
with the AMI config install.sh wrote, a re-run that upgrades in place, an upgrade of a
database from the first schema, uninstalling (data kept), and purging.

Cold cost (first run on a machine): about 100 s to debootstrap the root and 15 s to build
the wheelhouse (llama-cpp-python comes from pip's wheel cache, compiled once by setup.sh).
Warm: about 3 minutes, mostly three pip installs from the wheelhouse.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tomllib
from pathlib import Path

import pytest

from appliance.ops.asterisk_setup import section
from appliance.store.migrations import MIGRATIONS
from tests.asterisk.harness import HARNESS_USER, AmiAccount, AsteriskInstance, ensure_root
from tests.install.first_schema import CUSTOMER_TEXT, first_schema_database
from tests.install.machine import Machine

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

FIRST_INSTALL = ("--business", "Lone Star Plumbing", "--phone", "+15125550100", "--trade", "plumbing",
                 "--timezone", "America/Chicago")
UNITS = ("textback-agent.service", "textback-web.service", "textback-backup.service", "textback-backup.timer")
WATCHED = ("/etc", "/opt", "/usr/local", "/var/lib", "/var/log")

# The Asterisk config a shop already has: Debian's defaults (AMI off, on every address).
THEIR_EXTENSIONS = """\
[general]
static=yes
writeprotect=no

[globals]
TRUNK=PJSIP/carrier

[from-internal]
exten => _2XX,1,Dial(PJSIP/${EXTEN})
"""
THEIR_MANAGER = """\
[general]
enabled = no
port = 5038
bindaddr = 0.0.0.0
"""


@pytest.fixture(scope="module")
def machine(tmp_path_factory):
    machine = Machine(tmp_path_factory.mktemp("bookworm"))
    etc = machine.path("/etc/asterisk")
    etc.mkdir()
    (etc / "extensions.conf").write_text(THEIR_EXTENSIONS)
    (etc / "manager.conf").write_text(THEIR_MANAGER)
    yield machine
    machine.remove()


def tree(machine: Machine) -> dict[str, tuple]:
    found = {}
    for top in WATCHED:
        for folder, dirs, files in os.walk(machine.path(top)):
            for name in dirs + files:
                path = Path(folder) / name
                info = path.lstat()
                found[str(path.relative_to(machine.root))] = (info.st_mode, info.st_uid, info.st_size, info.st_mtime_ns)
    return found


def config(machine: Machine) -> dict:
    return tomllib.loads(machine.path("/etc/textback/textback.toml").read_text())


def query(machine: Machine, sql: str, database: str = "/var/lib/textback/textback.db") -> list[tuple]:
    conn = sqlite3.connect(f"{machine.path(database).as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def owner(machine: Machine, inside: str) -> tuple[str, str, int]:
    info = machine.path(inside).stat()
    users = {line.split(":")[2]: line.split(":")[0] for line in machine.path("/etc/passwd").read_text().splitlines()}
    groups = {line.split(":")[2]: line.split(":")[0] for line in machine.path("/etc/group").read_text().splitlines()}
    return users[str(info.st_uid)], groups[str(info.st_gid)], stat.S_IMODE(info.st_mode)


def test_dry_run_prints_every_step_and_changes_nothing(machine):
    before = tree(machine)
    done = machine.install(*FIRST_INSTALL, "--dry-run")
    for step in ("==> Debian packages", "+ useradd --system", "+ python3 -m venv /opt/textback",
                 "requirements.lock", "appliance.ops.install_config write /etc/textback/textback.toml",
                 "textback --config /etc/textback/textback.toml migrate", "appliance.ops.asterisk_setup attach",
                 "+ install -m 0644 /src/textback/systemd/textback-agent.service",
                 "+ systemctl enable textback-agent.service textback-web.service textback-backup.timer"):
        assert step in done.stdout, step
    assert tree(machine) == before


@pytest.fixture(scope="module")
def installed(machine):
    return machine.install(*FIRST_INSTALL)


def test_first_install_sets_up_user_venv_config_and_data(machine, installed):
    assert "dialout" in machine.run("id", "-nG", "textback").stdout.split()
    assert "usage: textback" in machine.run("/opt/textback/bin/textback", "--help").stdout
    assert owner(machine, "/etc/textback/textback.toml") == ("root", "textback", 0o640)
    assert owner(machine, "/var/lib/textback") == ("textback", "textback", 0o750)
    assert owner(machine, "/var/lib/textback/textback.db") == ("textback", "textback", 0o600)
    assert query(machine, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    settings = config(machine)
    assert settings["business"]["timezone"] == "America/Chicago"
    assert len(settings["asterisk"]["secret"]) >= 32
    assert "admin page:  http://" in installed.stdout
    # The command admins type: as root it runs as the textback user.
    whoami = machine.run("textback", "--config", "/etc/textback/textback.toml", "migrate")
    assert "already at schema" in whoami.stdout


def test_units_are_installed_enabled_and_pass_systemd_analyze_verify(machine, installed):
    paths = [f"/etc/systemd/system/{unit}" for unit in UNITS]
    verify = machine.run("systemd-analyze", "verify", *paths, check=False)
    assert (verify.returncode, verify.stdout, verify.stderr) == (0, "", "")
    wants = {"multi-user.target.wants": ("textback-agent.service", "textback-web.service"),
             "timers.target.wants": ("textback-backup.timer",)}
    for folder, units in wants.items():
        for unit in units:
            assert machine.path(f"/etc/systemd/system/{folder}/{unit}").is_symlink()
    assert "systemd is not running here" in installed.stdout
    # Hardening does not quietly regress: systemd's own exposure score, 4.0 ("OK") at most.
    for unit in UNITS[:3]:
        security = machine.run("systemd-analyze", "security", "--offline=yes", "--threshold=40",
                               f"/etc/systemd/system/{unit}", check=False)
        assert security.returncode == 0, security.stdout[-400:] + security.stderr


def test_asterisk_is_attached_with_the_config_secret(machine, installed):
    manager = machine.path("/etc/asterisk/manager.conf").read_text()
    user = section(manager, "textback")
    assert f"secret = {config(machine)['asterisk']['secret']}" in user
    assert "write = originate" in user and "permit = 127.0.0.1/255.255.255.255" in user
    general = section(manager, "general")
    assert "enabled = yes" in general and "bindaddr = 127.0.0.1" in general and "0.0.0.0" not in general
    extensions = machine.path("/etc/asterisk/extensions.conf").read_text()
    assert extensions.count('#include "extensions_textback.conf"') == 1
    assert section(extensions, "globals").count('#include "extensions_textback_globals.conf"') == 1
    assert machine.path("/etc/asterisk/extensions_textback.conf").exists()
    assert machine.path("/etc/asterisk/manager.conf.before-textback").read_text() == THEIR_MANAGER


class InstalledAsterisk(AsteriskInstance):
    """The real Asterisk of the test harness, but with the manager.conf install.sh wrote."""

    def __init__(self, manager_conf: str, secret: str) -> None:
        super().__init__()
        self.installed_manager_conf = manager_conf
        self.agent = AmiAccount("127.0.0.1", self.port, "textback", secret)

    def _manager_conf(self) -> str:
        assert "port = 5038" in self.installed_manager_conf
        return self.installed_manager_conf.replace("port = 5038", f"port = {self.port}") + (
            f"\n[{HARNESS_USER}]\nsecret = {self.admin.secret}\n"
            "deny = 0.0.0.0/0.0.0.0\npermit = 127.0.0.1/255.255.255.255\nread = all\nwrite = all\n")


def doctor_lines(output: str) -> dict[str, str]:
    return {line[6:28].strip(): line[:4].strip() for line in output.splitlines() if line[:4] in ("ok  ", "FAIL", "skip")}


def test_doctor_passes_asterisk_checks_against_the_config_install_wrote(machine, installed):
    ensure_root()
    settings_path = machine.path("/etc/textback/textback.toml")
    original = settings_path.read_text()
    with InstalledAsterisk(machine.path("/etc/asterisk/manager.conf").read_text(),
                           config(machine)["asterisk"]["secret"]) as asterisk:
        # What an admin does when AMI is on another port: edit the config.
        settings_path.write_text(original.replace("port = 5038", f"port = {asterisk.port}"))
        try:
            done = machine.run("textback", "doctor", check=False)
        finally:
            settings_path.write_text(original)
    status = doctor_lines(done.stdout)
    assert done.returncode == 1
    for name in ("configuration", "database integrity", "database writable", "database schema",
                 "AMI reachable", "AMI login", "AMI permissions", "dialplan include", "AMI on loopback",
                 "free disk", "model file"):
        assert status[name] == "ok", f"{name}:\n{done.stdout}"
    # No modem is plugged into this machine: said plainly, and doctor exits non-zero.
    assert status["modem port"] == "FAIL"


def test_rerunning_upgrades_in_place_and_keeps_config_and_data(machine, installed):
    before = machine.path("/etc/textback/textback.toml").read_bytes()
    machine.run("runuser", "-u", "textback", "--", "/opt/textback/bin/python", "-c",
                "import sqlite3; c = sqlite3.connect('/var/lib/textback/textback.db'); "
                "c.execute(\"INSERT INTO events (at, kind) VALUES ('t', 'kept-across-upgrades')\"); c.commit()")
    again = machine.install()
    assert "kept (it is yours now" in again.stdout
    assert machine.path("/etc/textback/textback.toml").read_bytes() == before
    assert query(machine, "SELECT kind FROM events WHERE kind = 'kept-across-upgrades'") == [("kept-across-upgrades",)]
    manager = machine.path("/etc/asterisk/manager.conf").read_text()
    assert manager.count("[textback]") == 1
    assert machine.path("/etc/asterisk/extensions.conf").read_text().count('#include "extensions_textback.conf"') == 1


def test_upgrade_from_a_first_schema_database(machine, installed, tmp_path):
    database = machine.path("/var/lib/textback/textback.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    first_schema_database(tmp_path / "release-1.db")
    database.write_bytes((tmp_path / "release-1.db").read_bytes())
    machine.run("chown", "textback:textback", "/var/lib/textback/textback.db")
    upgraded = machine.install()
    assert f"upgraded /var/lib/textback/textback.db from schema 1 to {len(MIGRATIONS)}" in upgraded.stdout
    assert query(machine, "PRAGMA user_version") == [(len(MIGRATIONS),)]
    assert query(machine, "SELECT body FROM messages") == [(CUSTOMER_TEXT,)]
    [backup] = machine.path("/var/lib/textback/backups").glob(f"before-schema-{len(MIGRATIONS)}-*.db")
    inside = "/" + str(backup.relative_to(machine.root))
    assert query(machine, "PRAGMA user_version", inside) == [(1,)]
    assert query(machine, "SELECT body FROM messages", inside) == [(CUSTOMER_TEXT,)]


def test_uninstall_keeps_the_data_and_purge_removes_it(machine, installed):
    removed = machine.install("--uninstall")
    assert "kept: /etc/textback" in removed.stdout
    for gone in ("/opt/textback", "/usr/local/bin/textback", *(f"/etc/systemd/system/{unit}" for unit in UNITS),
                 "/etc/systemd/system/multi-user.target.wants/textback-agent.service",
                 "/etc/asterisk/extensions_textback.conf"):
        assert not machine.path(gone).exists() and not machine.path(gone).is_symlink(), gone
    assert query(machine, "SELECT body FROM messages") == [(CUSTOMER_TEXT,)]
    assert machine.path("/etc/textback/textback.toml").exists()
    assert machine.run("id", "textback", check=False).returncode == 0
    assert "[textback]" not in machine.path("/etc/asterisk/manager.conf").read_text()
    assert machine.path("/etc/asterisk/extensions.conf").read_text() == THEIR_EXTENSIONS

    back = machine.install()                       # the same data and secrets come back
    assert "kept (it is yours now" in back.stdout
    assert query(machine, "SELECT body FROM messages") == [(CUSTOMER_TEXT,)]

    machine.install("--uninstall", "--purge")
    for gone in ("/etc/textback", "/var/lib/textback", "/var/log/textback", "/opt/textback",
                 "/etc/asterisk/extensions_textback_globals.conf"):
        assert not machine.path(gone).exists(), gone
    assert machine.run("id", "textback", check=False).returncode != 0
    assert machine.path("/etc/asterisk/extensions.conf").read_text() == THEIR_EXTENSIONS
