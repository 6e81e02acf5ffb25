"""The first /etc/textback/textback.toml, written by install.sh with a generated AMI secret.

    python -m appliance.ops.install_config write FILE --business NAME --phone N --trade T --timezone Z
                                                [--modem-port P] [--web-bind A] [--database D]
    python -m appliance.ops.install_config secret FILE      # print asterisk.secret of an existing file

The file is rendered, then parsed back with the appliance's own validation before it is
written, so install.sh never leaves a config the agent would refuse. It is created 0640,
owned root:textback: the agent reads it, only root changes it.
"""

from __future__ import annotations

import argparse
import grp
import json
import os
import secrets
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

SECRET_BYTES = 24


@dataclass(frozen=True)
class FirstConfig:
    business: str
    phone: str
    trade: str
    timezone: str
    ami_secret: str
    modem_port: str = "/dev/textback-modem"
    web_bind: str = "127.0.0.1"
    database: str = "/var/lib/textback/textback.db"


def toml_string(value: str) -> str:
    """A TOML basic string. JSON's escapes are TOML's, except that TOML has no \\/ (json never writes it)."""
    return json.dumps(value, ensure_ascii=False)


def render(first: FirstConfig) -> str:
    q = toml_string
    return f"""\
# textback configuration, written by install.sh. Edit it, then:
#   systemctl restart textback-agent textback-web && textback doctor
# Every key and its default: see README.md. This file holds the AMI secret: keep it 0640.

[business]
name = {q(first.business)}
trade = {q(first.trade)}
timezone = {q(first.timezone)}
phone = {q(first.phone)}

[asterisk]
# The same secret is under [textback] in Asterisk's manager.conf (or manager_custom.conf).
host = "127.0.0.1"
port = 5038
username = "textback"
secret = {q(first.ami_secret)}

[modem]
port = {q(first.modem_port)}

[storage]
database = {q(first.database)}

[web]
bind = {q(first.web_bind)}
port = 8080
"""


def validate(text: str, source: str) -> None:
    from appliance.config import parse_config

    parse_config(tomllib.loads(text), source=source)


def write(path: Path, text: str, group: str = "textback") -> None:
    """Create ``path`` 0640 root:``group``, atomically; never replace an existing file."""
    if path.exists():
        raise FileExistsError(f"{path} exists: install.sh keeps an existing configuration")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o640)
    try:
        os.write(fd, text.encode())
        os.fchown(fd, 0, grp.getgrnam(group).gr_gid)
        os.fchmod(fd, 0o640)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(partial, path)


def read_secret(path: Path) -> str:
    return tomllib.loads(path.read_text()).get("asterisk", {}).get("secret", "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m appliance.ops.install_config")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("write")
    new.add_argument("file", type=Path)
    for name in ("business", "phone", "trade", "timezone"):
        new.add_argument(f"--{name}", required=True)
    new.add_argument("--modem-port", default=FirstConfig.modem_port)
    new.add_argument("--web-bind", default=FirstConfig.web_bind)
    new.add_argument("--database", default=FirstConfig.database)
    new.add_argument("--group", default="textback")
    secret = commands.add_parser("secret")
    secret.add_argument("file", type=Path)
    args = parser.parse_args(argv)

    if args.command == "secret":
        print(read_secret(args.file))
        return 0
    from appliance.config import ConfigError

    text = render(FirstConfig(args.business, args.phone, args.trade, args.timezone,
                              secrets.token_urlsafe(SECRET_BYTES), args.modem_port, args.web_bind, args.database))
    try:
        validate(text, str(args.file))
        write(args.file, text, args.group)
    except (ConfigError, FileExistsError) as error:
        print(f"install: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.file} (mode 0640, group {args.group}) with a new AMI secret")
    return 0


if __name__ == "__main__":
    sys.exit(main())
