"""What one doctor check found, and how a list of them is shown and turned into an exit code.

Pure values: the probes that produce them live in the *_check modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Status(Enum):
    PASS = "ok"
    FAIL = "FAIL"
    SKIP = "skip"   # could not be checked because an earlier check failed; that one carries the fix


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str
    fix: str = ""

    @property
    def failed(self) -> bool:
        return self.status is Status.FAIL


def passed(name: str, detail: str) -> Check:
    return Check(name, Status.PASS, detail)


def failed(name: str, detail: str, fix: str) -> Check:
    return Check(name, Status.FAIL, detail, fix)


def skipped(name: str, because: str) -> Check:
    return Check(name, Status.SKIP, f"not checked: {because}")


NAME_WIDTH = 22


def render_check(check: Check) -> str:
    """``ok    name  detail``, and under a failure a ``fix:`` line."""
    line = f"{check.status.value:<4}  {check.name:<{NAME_WIDTH}}  {check.detail}"
    if check.failed:
        line += f"\n{'':<4}  {'':<{NAME_WIDTH}}  fix: {check.fix}"
    return line


def verdict(checks: Iterable[Check]) -> str:
    failures = sum(check.failed for check in checks)
    if not failures:
        return "all checks passed"
    return f"{failures} check{'s' if failures > 1 else ''} failed: see the fix under each"


def render(checks: Iterable[Check]) -> str:
    checks = list(checks)
    return "".join(render_check(check) + "\n" for check in checks) + verdict(checks) + "\n"


def exit_code(checks: Iterable[Check]) -> int:
    return 1 if any(check.failed for check in checks) else 0
