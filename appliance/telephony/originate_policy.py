"""The calls the agent may ask Asterisk to place, checked before every AMI Originate. Pure.

Asterisk cannot do this check for us: manager.conf grants an account the whole `originate`
class, with no per-account limit on the dialplan context or the number (its only Originate
restriction refuses System-class applications and functions, such as System() or SHELL(), to
accounts without `system` rights; tests/integration/test_asterisk_connection.py shows it
refusing). Anyone holding the AMI secret can therefore ring any number through any context, so
the secret stays in a 0640 file and AMI on loopback (asterisk-config/manager.conf), and the
agent itself only ever places two kinds of call, whatever a customer text or a bug hands it:

- the on-call bridge: Local/<digits>@<outbound context>, answered into the bridge context at
  an all-digits extension (the customer's number);
- the test call: Local/<digits>@<simulate context>, answered by the Wait application.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BRIDGE_CONTEXT = "textback-oncall"     # asterisk-config/extensions_textback.conf: waits for the tech's 1
_LOCAL_DIGITS = re.compile(r"Local/\+?\d{1,20}@(?P<context>[A-Za-z0-9_-]+)")
_DIGITS = re.compile(r"\d{1,20}")


class OriginateRefused(ValueError):
    """The agent was about to place a call it never places; nothing was sent to Asterisk."""


@dataclass(frozen=True)
class OriginatePolicy:
    dial_contexts: frozenset[str]        # Local/<digits>@ one of these
    answer_contexts: frozenset[str]      # an answered call continues here, at an all-digits extension
    answer_applications: frozenset[str]  # ... or runs one of these

    def check(self, channel: str, context: str | None, exten: str | None, application: str | None) -> None:
        dialled = _LOCAL_DIGITS.fullmatch(channel)
        if dialled is None or dialled.group("context") not in self.dial_contexts:
            raise OriginateRefused(f"the agent only dials Local/<number>@{'|'.join(sorted(self.dial_contexts))}, "
                                   f"not {channel!r}")
        if application is not None:
            if application not in self.answer_applications:
                raise OriginateRefused(f"the agent never answers a call with {application!r}")
        elif context not in self.answer_contexts or not _DIGITS.fullmatch(exten or ""):
            raise OriginateRefused(f"the agent only connects answered calls to <number>@"
                                   f"{'|'.join(sorted(self.answer_contexts))}, not {exten!r}@{context!r}")
