"""requirements.lock: what install.sh installs agrees with pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from appliance.ops.lockfile import LockError, Pin, closure, parse, project_dependencies, render

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"

# A small world of installed distributions: name -> (version, requirements).
WORLD = {
    "flask": ("3.1.3", ["werkzeug>=3.1", "click>=8.1", 'asgiref>=3.2; extra == "async"']),
    "werkzeug": ("3.1.9", ["MarkupSafe>=2.1.1"]),
    "markupsafe": ("3.0.4", []),
    "click": ("8.5.1", ['colorama; platform_system == "Windows"']),
    "pytest": ("9.2.0", []),
}


def requires_of(name: str):
    version, requires = WORLD[canonicalize_name(name)]
    return Pin(name, version), requires


def test_closure_follows_requirements_and_evaluates_markers():
    pins = closure(["flask>=3,<4"], requires_of)
    assert [(pin.name, pin.version) for pin in pins] == [
        ("click", "8.5.1"), ("flask", "3.1.3"), ("MarkupSafe", "3.0.4"), ("werkzeug", "3.1.9")]
    assert render(pins).endswith("click==8.5.1\nflask==3.1.3\nMarkupSafe==3.0.4\nwerkzeug==3.1.9\n")


def test_an_installed_version_outside_the_range_is_an_error():
    with pytest.raises(LockError, match="flask 3.1.3 is installed but flask<3 is required"):
        closure(["flask<3"], requires_of)


def test_parse_reads_pins_and_refuses_loose_lines():
    assert parse("# comment\nFlask==3.1.3\nmarkupsafe==3.0.4  # why\n") == {"flask": "3.1.3", "markupsafe": "3.0.4"}
    with pytest.raises(LockError, match="line 2"):
        parse("flask==3.1.3\nwerkzeug>=3\n")


def test_the_lock_pins_every_dependency_within_pyproject_ranges():
    pins = parse(LOCK.read_text())
    for text in project_dependencies(REPO / "pyproject.toml"):
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is in pyproject.toml but not in requirements.lock"
        assert pins[name] in requirement.specifier, f"{name}=={pins[name]} does not satisfy {requirement}"


def test_the_lock_holds_no_test_tools_and_not_textback_itself():
    pins = parse(LOCK.read_text())
    assert not {"pytest", "hypothesis", "pytest-timeout", "playwright", "textback"} & set(pins)
