"""The first configuration install.sh writes: valid, private, with a fresh secret."""

from __future__ import annotations

import grp
import os
import tomllib

import pytest

from appliance.config import parse_config
from appliance.ops import install_config
from appliance.ops.install_config import FirstConfig, read_secret, render, write

AWKWARD = 'Joe\'s "Best" Plumbing \\ Drains — Ñandú 🚿'


def first(**changes) -> FirstConfig:
    values = dict(business=AWKWARD, phone="+15125550100", trade="plumbing", timezone="America/Chicago",
                  ami_secret="x" * 32)
    return FirstConfig(**{**values, **changes})


def test_rendered_config_parses_back_with_the_same_values():
    config = parse_config(tomllib.loads(render(first(web_bind="192.168.1.20"))))
    assert config.business.name == AWKWARD
    assert config.asterisk.secret == "x" * 32 and config.asterisk.username == "textback"
    assert config.web.bind == "192.168.1.20"
    assert config.modem.port == "/dev/textback-modem"
    assert config.storage.database == "/var/lib/textback/textback.db"


def test_written_file_is_private_and_never_overwritten(tmp_path):
    path = tmp_path / "etc" / "textback.toml"
    group = grp.getgrgid(os.getgid()).gr_name
    write(path, render(first()), group=group)
    info = path.stat()
    assert info.st_mode & 0o777 == 0o640 and info.st_uid == 0 and info.st_gid == os.getgid()
    assert read_secret(path) == "x" * 32
    with pytest.raises(FileExistsError):
        write(path, render(first(ami_secret="y" * 32)), group=group)
    assert read_secret(path) == "x" * 32


def test_each_install_generates_its_own_secret(tmp_path):
    group = grp.getgrgid(os.getgid()).gr_name
    secrets = []
    for n in range(2):
        path = tmp_path / f"{n}.toml"
        assert install_config.main(["write", str(path), "--business", "Shop", "--phone", "+15125550100",
                                    "--trade", "hvac", "--timezone", "America/Denver", "--group", group]) == 0
        secrets.append(read_secret(path))
    assert secrets[0] != secrets[1] and all(len(s) >= 32 for s in secrets)


def test_a_bad_value_is_refused_before_anything_is_written(tmp_path, capsys):
    path = tmp_path / "textback.toml"
    code = install_config.main(["write", str(path), "--business", "Shop", "--phone", "not a number",
                                "--trade", "hvac", "--timezone", "America/Denver", "--group", "root"])
    assert code == 2 and not path.exists()
    assert "business.phone" in capsys.readouterr().err
