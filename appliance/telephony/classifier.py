"""The missed-call classifier: AMI events in, one CallOutcome per inbound call out.

Pure: it never touches a socket or a clock; the caller hands in each event
with the time it arrived. It works on a stock dialplan with no help from us:

- A call is every channel sharing one Linkedid; its root is the channel whose
  Uniqueid is the Linkedid. A call is inbound when the root was created in an
  inbound context (from-trunk, from-pstn, textback-inbound, ...); internal and
  outbound calls never yield an outcome.
- It was answered when any dial the PBX made for it (a DialEnd that has a
  `Channel`, i.e. the dialplan's Dial() or a queue ringing a member) ended
  ANSWER before the root hung up. A DialEnd without `Channel` is the dial that
  created the root (an Originate playing the carrier) and says nothing about
  the phones.
- The outcome is emitted when the call is over: the root has hung up and so
  has every other channel of the call (with a Local channel playing the
  carrier, the root can hang up before the queue or dial on its other half
  reports how it ended). Or at once, when our dialplan's
  UserEvent(TextbackMissed) arrives, which comes earlier.
- A channel belongs to the call it was created in, even if Asterisk later
  relabels its Linkedid (transfers).

A call whose events were not all seen (it began before we connected, or the
connection dropped while it was up) is not guessed at: when it ends, feed()
returns `Unobserved(linkedid)` so the caller can ask the CDR instead.

Memory is bounded: finished calls are remembered only briefly (to ignore
their trailing events), and calls that never end are expired.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from appliance.telephony.outcome import (
    DEFAULT_INBOUND_CONTEXTS,
    CallOutcome,
    caller_id,
    did_or_none,
    is_inbound_context,
    reason_for,
)

USER_EVENT_NAME = "TextbackMissed"
CHANNEL_STATE_UP = "6"


@dataclass(frozen=True)
class Unobserved:
    """A call ended whose events we did not all see: ask the CDR about it."""

    linkedid: str
    ended_at: float


Verdict = CallOutcome | Unobserved


@dataclass
class _Call:
    linkedid: str
    started_at: float
    did: str | None
    number: str = ""
    name: str = ""
    presentation: str = ""
    dial_statuses: set[str] = field(default_factory=set)
    pbx_answered: bool = False
    queue_abandoned: bool = False
    gap: bool = False  # the AMI connection dropped while this call was up
    last_seen: float = 0.0
    channels: set[str] = field(default_factory=set)  # Uniqueids not yet hung up
    root_gone: bool = False


class MissedCallClassifier:
    def __init__(
        self,
        inbound_contexts: Iterable[str] = DEFAULT_INBOUND_CONTEXTS,
        *,
        max_call_seconds: float = 6 * 3600,
        remember_finished_seconds: float = 600,
        max_finished: int = 10_000,
    ) -> None:
        self.inbound_contexts = tuple(inbound_contexts)
        self.max_call_seconds = max_call_seconds
        self.remember_finished_seconds = remember_finished_seconds
        self.max_finished = max_finished
        self._calls: dict[str, _Call] = {}
        # Linkedids already decided (or not inbound) -> when: their later events are ignored.
        self._finished: OrderedDict[str, float] = OrderedDict()
        self._owner: dict[str, str] = {}  # Uniqueid of a live channel -> Linkedid of its call
        self._last_expiry = 0.0

    @property
    def calls_in_progress(self) -> int:
        return len(self._calls)

    def feed(self, event: Mapping[str, str], now: float) -> list[Verdict]:
        """Take one AMI event; return the calls it finished (usually none)."""
        self._expire(now)
        name = event.get("Event", "")
        if name == "UserEvent" and event.get("UserEvent") == USER_EVENT_NAME:
            return self._user_event(event, now)
        uniqueid = event.get("Uniqueid", "")
        linkedid = self._owner.get(uniqueid) or event.get("Linkedid", "")
        if not linkedid or linkedid in self._finished:
            return []
        call = self._calls.get(linkedid)
        if call is None:
            return self._untracked(event, linkedid, now)
        call.last_seen = now
        is_root = uniqueid == linkedid
        if name == "Newchannel":
            call.channels.add(uniqueid)
            self._owner[uniqueid] = linkedid
        elif name == "NewCallerid" and is_root:
            call.number = event.get("CallerIDNum", "")
            call.name = event.get("CallerIDName", "")
            call.presentation = event.get("CID-CallingPres", "")
        elif name == "DialEnd" and event.get("Channel"):
            call.dial_statuses.add(event.get("DialStatus", ""))
        elif name == "Newstate" and is_root and event.get("ChannelState") == CHANNEL_STATE_UP:
            call.pbx_answered = True
        elif name == "QueueCallerAbandon":
            call.queue_abandoned = True
        elif name == "Hangup":
            call.channels.discard(uniqueid)
            self._owner.pop(uniqueid, None)
            call.root_gone = call.root_gone or is_root
            # After a gap some Hangups were lost: the root's is all we can wait for.
            if call.root_gone and (call.gap or not call.channels):
                return [self._finish_from_events(call, now)]
        return []

    def connection_lost(self) -> None:
        """The event stream broke: calls in progress may have lost events."""
        for call in self._calls.values():
            call.gap = True

    # -- internals ---------------------------------------------------------

    def _untracked(self, event: Mapping[str, str], linkedid: str, now: float) -> list[Verdict]:
        is_root = event.get("Uniqueid") == linkedid
        if event.get("Event") == "Newchannel" and is_root:
            if is_inbound_context(event.get("Context", ""), self.inbound_contexts):
                self._calls[linkedid] = _Call(
                    linkedid,
                    started_at=now,
                    did=did_or_none(event.get("Exten", "")),
                    number=event.get("CallerIDNum", ""),
                    name=event.get("CallerIDName", ""),
                    last_seen=now,
                    channels={linkedid},
                )
                self._owner[linkedid] = linkedid
            else:
                self._remember_finished(linkedid, now)
        elif event.get("Event") == "Hangup" and is_root:
            # A call that began before we were listening has just ended.
            self._remember_finished(linkedid, now)
            return [Unobserved(linkedid, now)]
        return []

    def _finish_from_events(self, call: _Call, now: float) -> Verdict:
        self._forget(call.linkedid)
        self._remember_finished(call.linkedid, now)
        reason = reason_for(call.dial_statuses, pbx_answered=call.pbx_answered, queue_abandoned=call.queue_abandoned)
        if call.gap and reason != "answered":
            # Events were lost: an ANSWER may be among them. Let the CDR decide.
            return Unobserved(call.linkedid, now)
        who = caller_id(call.number, call.name, call.presentation)
        return CallOutcome(
            linkedid=call.linkedid,
            caller_number=who.number,
            caller_name=who.name,
            did=call.did,
            started_at=call.started_at,
            ended_at=now,
            missed=reason != "answered",
            reason=reason,
            after_hours=None,
            source="ami",
        )

    def _user_event(self, event: Mapping[str, str], now: float) -> list[Verdict]:
        """Our dialplan's verdict. It is raised only for unanswered calls."""
        linkedid = event.get("Linkedid", "")
        if not linkedid or linkedid in self._finished:
            return []
        call = self._calls.get(linkedid)
        status = event.get("DialStatus", "")
        reason = reason_for(
            [status] if status else [],
            pbx_answered=event.get("Voicemail") == "1",
            queue_abandoned=call.queue_abandoned if call else False,
        )
        if reason == "answered":  # not something our dialplan sends; let the events decide
            return []
        self._forget(linkedid)
        self._remember_finished(linkedid, now)
        # Prefer the root channel's caller ID (what the carrier sent); the event
        # comes from whichever channel ran our dialplan. Either may say withheld.
        use_root = call is not None and caller_id(call.number, "").number is not None
        if use_root:
            number, name = call.number, call.name
        else:
            number, name = event.get("CallerIDNum", ""), event.get("CallerIDName", "")
        who = caller_id(number, name, event.get("CallerIDPres", ""), call.presentation if call else "")
        return [
            CallOutcome(
                linkedid=linkedid,
                caller_number=who.number,
                caller_name=who.name,
                did=did_or_none(event.get("TextbackDID", "")) or (call.did if call else None),
                started_at=call.started_at if call else None,
                ended_at=now,
                missed=True,
                reason=reason,
                after_hours={"1": True, "0": False}.get(event.get("AfterHours", "")),
                source="userevent",
            )
        ]

    def _forget(self, linkedid: str) -> None:
        call = self._calls.pop(linkedid, None)
        for uniqueid in call.channels if call else ():
            self._owner.pop(uniqueid, None)

    def _remember_finished(self, linkedid: str, now: float) -> None:
        self._finished[linkedid] = now
        self._finished.move_to_end(linkedid)
        while len(self._finished) > self.max_finished:
            self._finished.popitem(last=False)

    def _expire(self, now: float) -> None:
        """At most once a minute: drop calls that never ended, forget old finished ones."""
        if now - self._last_expiry < 60:
            return
        self._last_expiry = now
        for linkedid in [lid for lid, call in self._calls.items() if now - call.last_seen > self.max_call_seconds]:
            self._forget(linkedid)
        while self._finished:
            linkedid, finished_at = next(iter(self._finished.items()))
            if now - finished_at <= self.remember_finished_seconds:
                break
            self._finished.popitem(last=False)
