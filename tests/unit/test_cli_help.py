"""Every `textback` command documents itself, and `--help` works without a config file."""

import subprocess
import sys

import pytest

from appliance.cli import build_parser


def command_names() -> list[str]:
    parser = build_parser()
    subcommands = next(action for action in parser._actions if isinstance(action.choices, dict))
    return sorted(subcommands.choices)


def test_the_issue_commands_are_all_there():
    assert {"run", "demo", "simulate-call", "simulate-text", "web", "doctor", "backup", "restore",
            "qualify", "eval"} <= set(command_names())


@pytest.mark.parametrize("command", command_names())
def test_every_command_answers_help(command):
    done = subprocess.run([sys.executable, "-m", "appliance", command, "--help"], capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin", "TEXTBACK_CONFIG": "/nonexistent.toml"})
    assert done.returncode == 0, done.stderr
    assert f"usage: textback {command}" in done.stdout
    assert len(done.stdout.splitlines()) >= 3


def test_a_missing_config_file_is_a_plain_error_not_a_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "appliance", "--config", str(tmp_path / "none.toml"), "run"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "no configuration file at" in done.stderr and "Traceback" not in done.stderr
