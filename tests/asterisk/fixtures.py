"""pytest fixtures for the real Asterisk. Import them in a conftest.py:

    from tests.asterisk.fixtures import asterisk, fresh_asterisk  # noqa: F401

`asterisk` is one instance for the whole session (it boots in well under a
second, but tests that only place calls need not wait even that);
`fresh_asterisk` is a private one for tests that restart or break it.
Building the sid root (once per machine, about two minutes) happens on first
use if scripts/test.sh has not done it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.asterisk.harness import AsteriskInstance, ensure_root


@pytest.fixture(scope="session")
def asterisk() -> Iterator[AsteriskInstance]:
    with AsteriskInstance(ensure_root()) as pbx:
        yield pbx


@pytest.fixture
def fresh_asterisk() -> Iterator[AsteriskInstance]:
    with AsteriskInstance(ensure_root()) as pbx:
        yield pbx
