"""Attaching to an existing Asterisk or FreePBX: small marked edits, undone exactly on detach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from appliance.ops.asterisk_setup import (PLACEHOLDER, add_globals_include, add_include, attach, detach,
                                          enable_ami, remove_marked, remove_section, section, set_manager_user)

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO / "asterisk-config"

# A shop's own extensions.conf and manager.conf, as a Debian Asterisk leaves them (trimmed).
EXTENSIONS = """\
[general]
static=yes
writeprotect=no

[globals]
CONSOLE=Console/dsp
TRUNK=PJSIP/carrier

[from-internal]
exten => _2XX,1,Dial(PJSIP/${EXTEN})
"""
MANAGER = """\
;
; AMI - The Asterisk Manager Interface
;
[general]
enabled = no
;webenabled = yes

port = 5038
bindaddr = 0.0.0.0

[monitoring]
secret = theirs
read = system
"""
USER_SECTION = section((SOURCE / "manager.conf").read_text(), "textback")


def test_includes_are_added_once():
    once = add_include(EXTENSIONS, "extensions_textback.conf")
    assert once.endswith('#include "extensions_textback.conf"\n')
    assert add_include(once, "extensions_textback.conf") == once


def test_globals_include_goes_inside_globals():
    edited = add_globals_include(EXTENSIONS)
    lines = edited.splitlines()
    at = lines.index('#include "extensions_textback_globals.conf"')
    assert lines[at - 2] == "[globals]" and lines[at + 1] == "CONSOLE=Console/dsp"
    assert add_globals_include(edited) == edited
    assert add_globals_include("[from-internal]\n").endswith(
        '[globals]\n; textback: our settings (install.sh)\n#include "extensions_textback_globals.conf"\n')


def test_manager_user_is_added_then_replaced_with_a_new_secret():
    first = set_manager_user(MANAGER, USER_SECTION, "first-secret")
    assert "secret = first-secret" in section(first, "textback")
    assert PLACEHOLDER not in first
    assert "[monitoring]\nsecret = theirs" in first
    second = set_manager_user(first, USER_SECTION, "second-secret")
    assert second.count("[textback]") == 1 and "first-secret" not in second
    assert "write = originate" in section(second, "textback")


def test_ami_is_enabled_on_loopback_only_when_it_was_off():
    edited, changed = enable_ami(MANAGER)
    general = section(edited, "general")
    assert changed
    assert "enabled = yes ; textback: set by install.sh" in general
    assert "bindaddr = 127.0.0.1 ; textback: set by install.sh" in general
    assert "0.0.0.0" not in general
    assert enable_ami(edited) == (edited, False)
    theirs = MANAGER.replace("enabled = no", "enabled = yes")
    assert enable_ami(theirs) == (theirs, False)   # their AMI, their bind address: doctor reports it
    fresh, _ = enable_ami("")
    assert section(fresh, "general").startswith("[general]\nenabled = yes")


def test_removing_what_we_marked_restores_their_text():
    edited = add_include(add_globals_include(EXTENSIONS), "extensions_textback.conf")
    assert remove_marked(edited) == EXTENSIONS
    with_user = set_manager_user(MANAGER, USER_SECTION, "s")
    assert remove_marked(remove_section(with_user, "textback")) == MANAGER


def asterisk_etc(tmp_path: Path, freepbx: bool) -> Path:
    etc = tmp_path / "asterisk"
    etc.mkdir()
    if freepbx:
        for name in ("extensions.conf", "extensions_additional.conf", "extensions_custom.conf",
                     "globals_custom.conf", "manager.conf", "manager_custom.conf"):
            (etc / name).write_text(f"; {name} as FreePBX wrote it\n")
    else:
        (etc / "extensions.conf").write_text(EXTENSIONS)
        (etc / "manager.conf").write_text(MANAGER)
    (etc / "cdr_custom.conf").write_text("[mappings]\nMaster.csv => ${CSV_QUOTE(${CDR(clid)})}\n")
    for path in etc.iterdir():
        path.chmod(0o640)
    return etc


def snapshot(etc: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in etc.iterdir() if not p.name.endswith(".before-textback")}


@pytest.mark.parametrize("freepbx", [False, True])
def test_attach_then_detach_leaves_the_pbx_as_it_was(tmp_path, freepbx):
    etc = asterisk_etc(tmp_path, freepbx)
    before = snapshot(etc)
    done = attach(etc, SOURCE, "s3cret-from-install")
    assert ("FreePBX" in done[0]) == freepbx
    manager = etc / ("manager_custom.conf" if freepbx else "manager.conf")
    assert "secret = s3cret-from-install" in section(manager.read_text(), "textback")
    assert manager.stat().st_mode & 0o777 == 0o640           # it holds a secret
    dialplan_host = etc / ("extensions_custom.conf" if freepbx else "extensions.conf")
    assert '#include "extensions_textback.conf"' in dialplan_host.read_text()
    assert (etc / "extensions_textback.conf").read_text() == (SOURCE / "extensions_textback.conf").read_text()
    assert "textback.csv =>" in (etc / "cdr_custom.conf").read_text()
    assert "Master.csv" in (etc / "cdr_custom.conf").read_text()
    assert (etc / "cdr.conf").exists()                          # there was none: ours
    assert (etc / (manager.name + ".before-textback")).read_text() == before[manager.name]
    # Attaching again (an upgrade) changes nothing but what must change.
    again = snapshot(etc)
    attach(etc, SOURCE, "s3cret-from-install")
    assert snapshot(etc) == again
    # Their edits to our globals file survive an upgrade.
    (etc / "extensions_textback_globals.conf").write_text("TEXTBACK_RINGGROUP=PJSIP/301\n")
    attach(etc, SOURCE, "s3cret-from-install")
    assert (etc / "extensions_textback_globals.conf").read_text() == "TEXTBACK_RINGGROUP=PJSIP/301\n"

    detach(etc, purge=True)
    after = snapshot(etc)
    for name, text in before.items():
        if name == "manager.conf" and not freepbx:
            # AMI stays on, on loopback (the shop may rely on it by now); our user is gone.
            assert "[textback]" not in after[name] and "[monitoring]" in after[name]
        else:
            assert after[name] == text, name
    assert not (etc / "extensions_textback.conf").exists()
    assert not (etc / "extensions_textback_globals.conf").exists()


def test_new_files_get_the_owner_asterisk_reads_with(tmp_path):
    etc = asterisk_etc(tmp_path, freepbx=False)
    os.chown(etc / "extensions.conf", 0, 0)
    attach(etc, SOURCE, "s")
    info = (etc / "extensions_textback.conf").stat()
    reference = (etc / "extensions.conf").stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (reference.st_uid, reference.st_gid, 0o640)
