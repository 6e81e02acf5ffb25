"""What a person changes on a lead by hand: its extracted fields, and an emergency marked resolved.

A correction goes two ways. The fields the brain learns from (appliance/brain/corrections.py,
the function `textback correct` uses) are stored there with the customer's texts, so similar
texts are labelled alike later; and the lead's own fields are rewritten, with the job value and
priority they imply (crm.record_extraction). Reading the form is pure (``changes_from_form``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlite_utils

from appliance.brain.corrections import CORRECTABLE, record_correction, validate
from appliance.brain.when import find_preferred_time
from appliance.clock import iso
from appliance.config import Config
from appliance.pipeline import crm
from appliance.pipeline.settings import price_list
from appliance.store.db import transaction
from appliance.store.events import log_event

TEXT_FIELDS = ("name", "address", "service", "preferred_time")
LONGEST_TEXT = 200


def is_emergency(lead: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
    return bool(lead["emergency"]) or fields.get("urgency") == "emergency"


def shown_values(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The lead's fields as the correction form shows them: words, and escalate as a bool."""
    return {
        "intent": fields.get("intent"), "urgency": fields.get("urgency"),
        "escalate": bool(fields.get("escalate")), "name": fields.get("name"),
        "address": _words(fields.get("address")), "service": fields.get("service"),
        "preferred_time": _words(fields.get("preferred_time")),
    }


def _words(value: Any) -> str | None:
    """An address or preferred time is stored with its parts; people read and edit its text."""
    return value.get("text") if isinstance(value, Mapping) else value


def changes_from_form(shown: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """The fields the person changed from ``shown``; ValueError, naming the field, for a value a lead cannot take."""
    submitted: dict[str, Any] = {
        "intent": form.get("intent", "").strip() or None,
        "urgency": form.get("urgency", "").strip() or None,
        "escalate": form.get("escalate") == "yes",
    }
    for name in TEXT_FIELDS:
        text = " ".join(form.get(name, "").split())
        if len(text) > LONGEST_TEXT:
            raise ValueError(f"the {name.replace('_', ' ')} is longer than {LONGEST_TEXT} characters")
        submitted[name] = text or None
    changes = {name: value for name, value in submitted.items() if value != shown[name]}
    return {name: validate(name, value) if name in CORRECTABLE else value for name, value in changes.items()}


def describe(shown: Mapping[str, Any], changes: Mapping[str, Any]) -> str:
    """'intent: service_request -> not_a_lead; name: (none) -> Dana', for the timeline and the page."""
    def say(value: Any) -> str:
        return "(none)" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return "; ".join(f"{name.replace('_', ' ')}: {say(shown[name])} -> {say(value)}"
                     for name, value in changes.items())


def correct_lead(db: sqlite_utils.Database, config: Config, now: datetime, lead_id: int,
                 changes: Mapping[str, Any], author: str) -> bool:
    """Apply ``changes`` (from changes_from_form); True when the brain could learn from them.

    The brain's store commits on its own, first: if it refuses, nothing at all is written.
    """
    lead = crm.get_lead(db, lead_id)
    fields = lead_fields(lead)
    shown = shown_values(fields)
    learnable = {name: value for name, value in changes.items() if name in CORRECTABLE}
    texts = customer_texts(db, lead)
    if learnable and texts:
        record_correction(db, texts, learnable, old=shown, lead_id=lead_id, author=author, now=now)
    with transaction(db):
        crm.record_extraction(db, now, lead_id, _corrected(fields, changes, now, config.business.timezone),
                              price_list(config), actor=author)
        if "name" in changes and changes["name"] is None:
            db.execute("UPDATE contacts SET name = NULL WHERE id = ?", [lead["contact_id"]])
        summary = describe(shown, changes)
        crm.note(db, now, lead_id, "correction", author, summary)
        log_event(db, now, "lead_corrected", lead["phone"], lead_id=lead_id, user=author, changes=summary)
    return bool(learnable and texts)


def customer_texts(db: sqlite_utils.Database, lead: Mapping[str, Any]) -> list[str]:
    """What the customer wrote since the lead began: the texts the brain made the lead from."""
    return [row["body"] for row in db.query(
        "SELECT body FROM messages WHERE phone = ? AND direction = 'in' AND created_at >= ? ORDER BY id",
        [lead["phone"], lead["created_at"]])]


def lead_fields(lead: Mapping[str, Any]) -> dict[str, Any]:
    return json.loads(lead["fields"] or "{}")


def _corrected(fields: dict[str, Any], changes: Mapping[str, Any], now: datetime, timezone: str) -> dict[str, Any]:
    corrected = {**fields, "source": {**fields.get("source", {})}}
    for name, value in changes.items():
        if name == "address" and value is not None:
            value = {"text": value}
        elif name == "preferred_time" and value is not None:
            # Keep the person's words; dateparser pins down a start when it can ("tomorrow 9am").
            found = find_preferred_time([value], now, timezone)
            value = {"text": value, "start": found.start if found else None}
        corrected[name] = value
        corrected["source"][name] = "correction"
    return corrected


def resolve_emergency(db: sqlite_utils.Database, now: datetime, lead_id: int, author: str) -> None:
    """Someone handled it: it leaves the top of the inbox, and the timeline says who and when."""
    lead = crm.get_lead(db, lead_id)
    db.execute("UPDATE leads SET emergency_resolved_at = ?, emergency_resolved_by = ? WHERE id = ?",
               [iso(now), author, lead_id])
    crm.note(db, now, lead_id, "resolved", author, "emergency resolved")
    log_event(db, now, "emergency_resolved", lead["phone"], lead_id=lead_id, user=author)

