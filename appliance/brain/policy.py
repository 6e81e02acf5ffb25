"""What to do next in a conversation: pure decisions, returned as plain action objects.

Given the latest inbound text, the lead qualified so far, the conversation's state and
the profile, `decide` returns the actions (reply, consent record, on-call alert, bridged
call, hand-off) and the next state. Replies are rendered from templates filled with
extracted facts, so nothing a customer writes (an injection included) can make the
assistant say something else: no invented prices, discounts, arrival times or advice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .keywords import Keyword, classify_keyword
from .lead import Lead
from .profile import PricedService, TradeProfile
from .templates import render, safety
from .text import fold

ASK_LIMIT = 2  # ask for the same fact at most twice, then hand off without it
SLOT_ORDER = ("service", "address", "name", "preferred_time")


@dataclass(frozen=True)
class Caps:
    per_conversation: int = 15
    per_day: int = 10


@dataclass(frozen=True)
class ConversationState:
    opted_out: bool = False
    paused: bool = False  # human takeover or a staff member replied
    sent_total: int = 0  # automated messages in this conversation
    sent_today: int = 0
    asked: tuple[tuple[str, int], ...] = ()  # (slot, times asked)
    escalated: bool = False
    on_call_has_address: bool = False  # the technician's alert carried the address
    handed_off: bool = False

    def times_asked(self, slot: str) -> int:
        return dict(self.asked).get(slot, 0)

    def with_asked(self, slot: str) -> "ConversationState":
        counts = dict(self.asked)
        counts[slot] = counts.get(slot, 0) + 1
        return replace(self, asked=tuple(sorted(counts.items())))


# Actions: plain values the agent carries out.
@dataclass(frozen=True)
class Reply:
    text: str
    template: str


@dataclass(frozen=True)
class RecordConsent:
    kind: str  # opt_out | opt_in
    text: str  # the customer's words, kept as evidence


@dataclass(frozen=True)
class CancelFollowUps:
    reason: str


@dataclass(frozen=True)
class AlertOnCall:
    summary: str


@dataclass(frozen=True)
class BridgeCall:
    """Ring the on-call technician; when they press 1, bridge them to the customer."""

    summary: str


@dataclass(frozen=True)
class HandOff:
    """The lead is qualified: booking (or a person) takes over."""

    lead: dict = field(hash=False, compare=False, default_factory=dict)


@dataclass(frozen=True)
class NoReply:
    reason: str


Action = Reply | RecordConsent | CancelFollowUps | AlertOnCall | BridgeCall | HandOff | NoReply


@dataclass(frozen=True)
class Decision:
    actions: tuple[Action, ...]
    state: ConversationState

    @property
    def replies(self) -> list[str]:
        return [a.text for a in self.actions if isinstance(a, Reply)]


_ASKS_IF_AUTOMATED = re.compile(
    r"\b(?:are you|is this|am i (?:talking|texting) (?:to|with)|r u|you a)\b.{0,20}\b(?:bot|robot|a real person|real|human|"
    r"ai|automated|machine|computer|person)\b|\b(?:eres|es usted|es un) (?:un )?(?:robot|bot|maquina|persona real)\b"
)
_ASKS_PRICE = re.compile(
    r"\b(?:how much|price|pricing|cost|costs|charge|ballpark|estimate|quote|rates?|cuanto|precio|cotizacion|cuesta)\b"
)
_ASKS_ADVICE = re.compile(
    r"\b(?:lawyer|attorney|sue|lawsuit|legal(?:ly)?|liable|liability|small claims|doctor|medical|medicine|symptoms?|"
    r"hospital|should i see a|abogado|demanda|medico)\b"
)


def decide(inbound: str, lead: Lead, state: ConversationState, profile: TradeProfile,
           caps: Caps = Caps()) -> Decision:
    """The next step after `inbound`, the customer's latest text."""
    facts = _facts(lead, profile)
    language = lead.language
    keyword = classify_keyword(inbound, opted_out=state.opted_out)
    if keyword is Keyword.OPT_OUT:
        if state.opted_out:
            return Decision((NoReply("already opted out"),), state)
        return _sent(Decision((RecordConsent("opt_out", inbound), CancelFollowUps("opt-out"),
                               _reply("opt_out", language, facts, profile)), replace(state, opted_out=True)))
    if keyword is Keyword.RESUBSCRIBE and state.opted_out:
        return _sent(Decision((RecordConsent("opt_in", inbound), _reply("resubscribed", language, facts, profile)),
                              replace(state, opted_out=False)))
    if keyword is Keyword.HELP:
        return _sent(Decision((_reply("help", language, facts, profile),), state))
    if state.opted_out:
        return Decision((NoReply("opted out"),), state)
    if lead.escalate and not state.escalated:
        return _sent(_emergency(lead, state, profile, facts))  # safety first, even past the caps
    if state.paused:
        return Decision((NoReply("a person has taken over"),), state)
    if state.sent_total >= caps.per_conversation or state.sent_today >= caps.per_day:
        return Decision((NoReply("automated message cap reached"),), state)
    return _sent(_conversation(inbound, lead, state, profile, facts))


def _conversation(inbound: str, lead: Lead, state: ConversationState, profile: TradeProfile,
                  facts: dict[str, str]) -> Decision:
    language, folded = lead.language, fold(inbound)
    preface: list[Reply] = []
    if _ASKS_IF_AUTOMATED.search(folded):
        preface.append(_reply("automated", language, facts, profile))
    if _ASKS_ADVICE.search(folded):
        preface.append(_reply("no_advice", language, facts, profile))
    if lead.escalate:  # alerted already: keep the customer informed, ask for the address if missing
        key = "emergency_ask_address" if not lead.address else "emergency_followup"
        actions: tuple[Action, ...] = tuple(preface) + (_reply(key, language, facts, profile),)
        if lead.address and not state.on_call_has_address:
            actions += (AlertOnCall("Update: " + on_call_summary(lead, profile)),)
            state = replace(state, on_call_has_address=True)
        return Decision(actions, state)
    if lead.intent == "not_a_lead":
        if re.search(r"\b(?:wrong number|pocket dial|butt dial|by accident|by mistake|equivocad)", folded):
            return Decision(tuple(preface) + (_reply("wrong_number", language, facts, profile),), state)
        return Decision(tuple(preface) or (NoReply("not a lead"),), state)
    if state.handed_off:
        return Decision(tuple(preface) or (NoReply("already handed off"),), state)
    if _ASKS_PRICE.search(folded) and not lead.injection:
        preface.append(_price_reply(lead, profile, facts))
    slot = next((s for s in lead.missing() if state.times_asked(s) < ASK_LIMIT), None)
    if slot is not None:
        return Decision(tuple(preface) + (_reply(f"ask_{slot}", language, facts, profile),), state.with_asked(slot))
    closing = "out_of_area" if lead.address and lead.address.in_service_area is False else "qualified"
    return Decision(tuple(preface) + (_reply(closing, language, facts, profile), HandOff(lead.to_dict())),
                    replace(state, handed_off=True))


def _emergency(lead: Lead, state: ConversationState, profile: TradeProfile, facts: dict[str, str]) -> Decision:
    guidance = safety(lead.hazard, lead.language)
    ack = render("emergency_ack", lead.language, facts, profile.templates)
    ask = "" if lead.address else " " + render("emergency_ask_address", lead.language, facts, profile.templates)
    text = " ".join(p for p in (guidance, ack) if p) + ask
    summary = on_call_summary(lead, profile)
    return Decision((Reply(text, "emergency"), AlertOnCall(summary), BridgeCall(summary)),
                    replace(state, escalated=True, on_call_has_address=lead.address is not None))


def on_call_summary(lead: Lead, profile: TradeProfile) -> str:
    """What the technician reads on their phone: hazard, job, where, who."""
    where = lead.address.text if lead.address else "address not given yet"
    who = lead.name or "name not given"
    return (f"{profile.business} EMERGENCY ({lead.hazard or 'danger'}): {lead.service or 'details in inbox'} "
            f"at {where}. Customer: {who}. Reply or press 1 on the call to be connected.")


def _price_reply(lead: Lead, profile: TradeProfile, facts: dict[str, str]) -> Reply:
    priced = match_price(lead.service or "", profile.services)
    if priced is None:
        return _reply("price_unknown", lead.language, facts, profile)
    return _reply("price", lead.language, {**facts, "price_service": priced.name.lower(), "price": priced.price_text()},
                  profile)


def match_price(service: str, services: tuple[PricedService, ...]) -> PricedService | None:
    """The configured service sharing the most words with the described one (at least one)."""
    wanted = set(re.findall(r"[a-z]+", service.lower())) - {"repair", "service", "general"}
    best, best_overlap = None, 0
    for priced in services:
        overlap = len(wanted & set(re.findall(r"[a-z]+", priced.name.lower())))
        if overlap > best_overlap:
            best, best_overlap = priced, overlap
    return best


def _facts(lead: Lead, profile: TradeProfile) -> dict[str, str]:
    first_name = (lead.name or "").split()[0] if lead.name and not lead.name.lower().startswith(("mr", "mrs", "ms", "dr")) else (lead.name or "")
    return {
        "name": first_name,
        "service": (lead.service or "job").split(" (")[0][:60],
        "address": lead.address.text[:80] if lead.address else "",
        "business": profile.business,
        "phone": profile.phone or "our office",
        "callback": profile.callback_promise,
    }


def _reply(key: str, language: str, facts: dict[str, str], profile: TradeProfile) -> Reply:
    return Reply(render(key, language, facts, profile.templates), key)


def _sent(decision: Decision) -> Decision:
    """Join the decision's replies into one text and count it against the caps."""
    replies = [a for a in decision.actions if isinstance(a, Reply)]
    if not replies:
        return decision
    joined = Reply(" ".join(r.text for r in replies), "+".join(r.template for r in replies))
    others = tuple(a for a in decision.actions if not isinstance(a, Reply))
    first_reply_at = decision.actions.index(replies[0])
    actions = others[:first_reply_at] + (joined,) + others[first_reply_at:]
    state = replace(decision.state, sent_total=decision.state.sent_total + 1,
                    sent_today=decision.state.sent_today + 1)
    return Decision(actions, state)
