"""The calls the integration tests place on the real Asterisk, and what each must yield.

`stock_*` scenarios use the test-only [from-trunk] dialplan (no help from
textback: the classifier works from AMI events alone). `textback_*` ones go
through OUR asterisk-config/extensions_textback.conf, so the UserEvent from
its hangup handler decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.asterisk.harness import NEVER_OPEN, AsteriskInstance


@dataclass(frozen=True)
class Scenario:
    name: str
    did: str
    context: str = "from-trunk"
    give_up_after: float = 30.0  # the caller hangs up if unanswered by then
    variables: dict[str, str] = field(default_factory=dict)
    missed: bool | None = None  # None: not an inbound call, no outcome at all
    reason: str | None = None
    source: str = "ami"
    after_hours: bool | None = None


RING_GROUP = "Local/ring@phones&Local/ring2@phones"

SCENARIOS = [
    Scenario("stock_no_answer", "7000", missed=True, reason="no_answer"),
    Scenario("stock_caller_hangs_up", "7001", give_up_after=2.5, missed=True, reason="caller_hung_up"),
    Scenario("stock_answered", "7002", missed=False, reason="answered"),
    Scenario("stock_voicemail", "7003", missed=True, reason="voicemail"),
    Scenario("stock_ring_group_one_answers", "7004", missed=False, reason="answered"),
    Scenario("stock_busy", "7005", missed=True, reason="busy"),
    Scenario("stock_queue_abandon", "7006", give_up_after=4, missed=True, reason="queue_abandon"),
    Scenario("internal_call", "201", context="from-internal"),
    Scenario(
        "textback_no_answer", "5125550000", "textback-inbound",
        variables={"TEXTBACK_RINGGROUP": RING_GROUP, "TEXTBACK_RINGTIME": "3"},
        missed=True, reason="no_answer", source="userevent", after_hours=False,
    ),
    Scenario(
        "textback_caller_hangs_up", "5125550000", "textback-inbound", give_up_after=2.5,
        variables={"TEXTBACK_RINGGROUP": RING_GROUP, "TEXTBACK_RINGTIME": "60"},
        missed=True, reason="caller_hung_up", source="userevent", after_hours=False,
    ),
    Scenario(
        "textback_answered", "5125550000", "textback-inbound",
        variables={"TEXTBACK_RINGGROUP": "Local/answer@phones"},
        missed=False, reason="answered",
    ),
    Scenario(
        "textback_ring_group_one_answers", "5125550000", "textback-inbound",
        variables={"TEXTBACK_RINGGROUP": "Local/ring@phones&Local/answer@phones", "TEXTBACK_RINGTIME": "20"},
        missed=False, reason="answered",
    ),
    Scenario(
        "textback_busy", "5125550000", "textback-inbound",
        variables={"TEXTBACK_RINGGROUP": "Local/busy@phones"},
        missed=True, reason="busy", source="userevent", after_hours=False,
    ),
    Scenario(
        "textback_voicemail", "5125550000", "textback-inbound",
        variables={"TEXTBACK_RINGTIME": "2", "TEXTBACK_VOICEMAIL": "100@default"},
        missed=True, reason="voicemail", source="userevent", after_hours=False,
    ),
    Scenario(
        "textback_after_hours", "5125550000", "textback-inbound",
        variables={"TEXTBACK_OPEN_HOURS": NEVER_OPEN, "TEXTBACK_VOICEMAIL": "100@default"},
        missed=True, reason="voicemail", source="userevent", after_hours=True,
    ),
    Scenario(
        "textback_simulate", "5125550000", "textback-simulate",
        missed=True, reason="no_answer", source="userevent", after_hours=False,
    ),
]  # fmt: skip

BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}


def place(pbx: AsteriskInstance, scenario: Scenario, caller_id: str) -> None:
    pbx.place_call(
        scenario.did,
        caller_id,
        context=scenario.context,
        give_up_after=scenario.give_up_after,
        variables=scenario.variables,
    )
