"""Attach textback to an existing Asterisk or FreePBX, and detach it again.

    python -m appliance.ops.asterisk_setup attach --etc /etc/asterisk --source asterisk-config --secret S
    python -m appliance.ops.asterisk_setup detach --etc /etc/asterisk

Attaching writes our dialplan include, its globals and the AMI user; it never rewrites a
file wholesale. Each edit is a small text change (the pure functions below) to the shop's
own files, every file we touch is saved once as <file>.before-textback, and each line we
add is marked with a "; textback:" comment so detach finds exactly what to take out.

Where things go:
  plain Asterisk  extensions.conf (#include, and the globals #include inside [globals]),
                  manager.conf ([textback] user; AMI enabled on 127.0.0.1 if it was off)
  FreePBX         extensions_custom.conf, globals_custom.conf, manager_custom.conf (the
                  files FreePBX leaves to the admin and includes itself)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

MARK = "; textback:"
DIALPLAN = "extensions_textback.conf"
GLOBALS = "extensions_textback_globals.conf"
USER = "textback"
PLACEHOLDER = "TEXTBACK_AMI_SECRET_NOT_SET"
SAVED_SUFFIX = ".before-textback"
_HEADER = re.compile(r"^\s*\[([^\]]+)\]")


@dataclass(frozen=True)
class Layout:
    freepbx: bool
    dialplan_host: str      # the file that gets #include "extensions_textback.conf"
    globals_host: str       # the file that gets the globals include
    manager: str            # the file that gets the [textback] AMI user


def detect_layout(names: set[str]) -> Layout:
    """FreePBX writes extensions_additional.conf; a plain Asterisk does not."""
    if "extensions_additional.conf" in names:
        return Layout(True, "extensions_custom.conf", "globals_custom.conf", "manager_custom.conf")
    return Layout(False, "extensions.conf", "extensions.conf", "manager.conf")


# -- pure text edits ------------------------------------------------------------------------

def include_line(name: str) -> str:
    return f'#include "{name}"'


def has_line(text: str, line: str) -> bool:
    return any(existing.strip() == line for existing in text.splitlines())


def add_include(text: str, name: str) -> str:
    """Append ``#include "name"`` (once), marked as ours."""
    line = include_line(name)
    if has_line(text, line):
        return text
    return _ensure_newline(text) + f"{MARK} our dialplan (install.sh)\n{line}\n"


def add_globals_include(text: str) -> str:
    """Put ``#include "extensions_textback_globals.conf"`` inside [globals] (made if missing)."""
    line = include_line(GLOBALS)
    if has_line(text, line):
        return text
    ours = f"{MARK} our settings (install.sh)\n{line}\n"
    lines = text.splitlines(keepends=True)
    for index, existing in enumerate(lines):
        header = _HEADER.match(existing)
        if header and header.group(1).strip().lower() == "globals":
            return _ensure_newline("".join(lines[:index + 1])) + ours + "".join(lines[index + 1:])
    return _ensure_newline(text) + "[globals]\n" + ours


def _in_section(text: str, name: str) -> Iterator[tuple[str, bool, bool]]:
    """Each line with whether it is a section header and whether it lies in [name] (header included)."""
    inside = False
    for line in text.splitlines(keepends=True):
        header = _HEADER.match(line)
        if header:
            inside = header.group(1).strip() == name
        yield line, bool(header), inside


def section(text: str, name: str) -> str:
    """The lines of section [name], header included, up to the next section."""
    return "".join(line for line, _, inside in _in_section(text, name) if inside)


def remove_section(text: str, name: str) -> str:
    """Drop section [name] and the marked comment line right above it, if any."""
    out: list[str] = []
    for line, is_header, inside in _in_section(text, name):
        if is_header and inside and out and out[-1].startswith(MARK):
            out.pop()
        if not inside:
            out.append(line)
    return "".join(out)


def set_manager_user(text: str, user_section: str, secret: str) -> str:
    """Replace (or add) our AMI user, with ``secret`` in place of the shipped placeholder."""
    if PLACEHOLDER not in user_section:
        raise ValueError("the shipped [textback] section has no secret placeholder")
    ours = user_section.replace(PLACEHOLDER, secret)
    return _ensure_newline(remove_section(text, USER)) + f"{MARK} the agent's AMI user (install.sh)\n" + ours


def enable_ami(text: str) -> tuple[str, bool]:
    """Turn AMI on, on loopback, if [general] does not already enable it.

    An AMI that is already on is left exactly as the shop set it (other tools may use it);
    `textback doctor` reports where it listens.
    """
    general = section(text, "general")
    if re.search(r"(?m)^\s*enabled\s*=\s*yes\b", general):
        return text, False
    settings = {"enabled": "yes", "bindaddr": "127.0.0.1"}
    if not general:
        body = "".join(f"{key} = {value} {MARK} set by install.sh\n" for key, value in settings.items())
        return f"[general]\n{body}\n" + text, True
    changed = general
    for key, value in settings.items():
        pattern = re.compile(rf"(?m)^\s*;?\s*{key}\s*=.*$")
        if pattern.search(changed):
            changed = pattern.sub(f"{key} = {value} {MARK} set by install.sh", changed, count=1)
        else:
            header, _, rest = changed.partition("\n")
            changed = f"{header}\n{key} = {value} {MARK} set by install.sh\n{rest}"
    return text.replace(general, changed, 1), True


def remove_marked(text: str) -> str:
    """Take out every line we added: each marked comment and the one line after it.

    A setting install.sh changed (``enabled = yes ; textback: ...``) is left as it is: the
    shop may rely on it by now, and the saved .before-textback copy has the original.
    """
    out: list[str] = []
    skip_next = False
    for line in text.splitlines(keepends=True):
        if skip_next:
            skip_next = False
        elif line.startswith(MARK):
            skip_next = True
        else:
            out.append(line)
    return "".join(out)


def _ensure_newline(text: str) -> str:
    return text if not text or text.endswith("\n") else text + "\n"


# -- files ----------------------------------------------------------------------------------

def attach(etc: Path, source: Path, secret: str) -> list[str]:
    """Write our pieces into the Asterisk config in ``etc``; return what was done."""
    layout = detect_layout({p.name for p in etc.iterdir()})
    done = [f"Asterisk config in {etc} ({'FreePBX' if layout.freepbx else 'plain Asterisk'})"]
    _copy(source / DIALPLAN, etc / DIALPLAN, done, replace=True)          # ours: always the current one
    _copy(source / GLOBALS, etc / GLOBALS, done, replace=False)           # the shop's settings: kept
    _edit(etc / layout.dialplan_host, lambda t: add_include(t, DIALPLAN), done)
    if layout.freepbx:
        _edit(etc / layout.globals_host, lambda t: add_include(t, GLOBALS), done)
    else:
        _edit(etc / layout.globals_host, add_globals_include, done)
    user = section((source / "manager.conf").read_text(), USER)
    _edit(etc / layout.manager, lambda t: set_manager_user(t, user, secret), done, secret=True)
    if not layout.freepbx:
        _edit(etc / "manager.conf", lambda t: enable_ami(t)[0], done, secret=True)
    _cdr(etc, source, done)
    return done


def detach(etc: Path, purge: bool) -> list[str]:
    layout = detect_layout({p.name for p in etc.iterdir()})
    done: list[str] = []
    for name in sorted({layout.dialplan_host, layout.globals_host, layout.manager, "cdr_custom.conf"}):
        path = etc / name
        if not path.exists():
            continue
        if name == layout.manager:
            _edit(path, lambda text: remove_marked(remove_section(text, USER)), done)
        else:
            _edit(path, remove_marked, done)
    for name in (DIALPLAN, *((GLOBALS,) if purge else ())):
        if (etc / name).exists():
            (etc / name).unlink()
            done.append(f"removed {etc / name}")
    return done


def _cdr(etc: Path, source: Path, done: list[str]) -> None:
    """Our CDR mapping: cdr.conf only if there is none (it is the shop's), cdr_custom.conf appended to."""
    _copy(source / "cdr.conf", etc / "cdr.conf", done, replace=False)
    mapping = next(line for line in (source / "cdr_custom.conf").read_text().splitlines()
                   if line.startswith("textback.csv"))

    def add_mapping(text: str) -> str:
        if "textback.csv" in text:
            return text
        if not section(text, "mappings"):
            text = _ensure_newline(text) + "[mappings]\n"
        return _ensure_newline(text) + f"{MARK} the CSV the agent reconciles from (install.sh)\n{mapping}\n"

    _edit(etc / "cdr_custom.conf", add_mapping, done)


def _copy(source: Path, target: Path, done: list[str], replace: bool) -> None:
    if target.exists() and not replace:
        done.append(f"kept {target}")
        return
    shutil.copyfile(source, target)
    _match_owner(target, _sibling(target), mode=None)
    done.append(f"wrote {target}")


def _edit(path: Path, change, done: list[str], secret: bool = False) -> None:
    before = path.read_text() if path.exists() else ""
    after = change(before)
    if after == before:
        return
    saved = path.with_name(path.name + SAVED_SUFFIX)
    if path.exists() and not saved.exists():
        shutil.copy2(path, saved)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(after)
    _match_owner(partial, path if path.exists() else _sibling(path), mode=0o640 if secret else None)
    os.replace(partial, path)
    done.append(f"updated {path}")


def _sibling(path: Path) -> Path:
    """A file whose owner and mode a new config file should copy: Asterisk must read it."""
    for name in ("extensions.conf", "asterisk.conf"):
        if (path.parent / name).exists():
            return path.parent / name
    return path.parent


def _match_owner(path: Path, like: Path, mode: int | None) -> None:
    """Give a file the owner and group of ``like`` (the file it replaces, or a sibling)."""
    info = like.stat()
    os.chown(path, info.st_uid, info.st_gid)
    if mode is None:
        mode = 0o640 if like.is_dir() else info.st_mode & 0o777
    os.chmod(path, mode)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m appliance.ops.asterisk_setup")
    commands = parser.add_subparsers(dest="command", required=True)
    on = commands.add_parser("attach")
    on.add_argument("--etc", type=Path, default=Path("/etc/asterisk"))
    on.add_argument("--source", type=Path, required=True, help="the checkout's asterisk-config folder")
    on.add_argument("--secret", required=True)
    off = commands.add_parser("detach")
    off.add_argument("--etc", type=Path, default=Path("/etc/asterisk"))
    off.add_argument("--purge", action="store_true", help="also remove extensions_textback_globals.conf")
    args = parser.parse_args(argv)
    if not args.etc.is_dir():
        print(f"asterisk_setup: {args.etc} is not a folder", file=sys.stderr)
        return 2
    done = attach(args.etc, args.source, args.secret) if args.command == "attach" else detach(args.etc, args.purge)
    print("\n".join(done) if done else "nothing to change")
    return 0


if __name__ == "__main__":
    sys.exit(main())
