"""Scoring labelled cases (format: ../shared/eval/README.md). Pure: cases and leads in, numbers out."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .lead import Lead


@dataclass(frozen=True)
class Case:
    id: str
    trade: str
    business: str
    messages: list[str]
    expect: dict[str, Any]


def load_cases(path: str | Path) -> list[Case]:
    """Read a JSONL case file; a malformed line is an error naming the line, not a skipped case."""
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            cases.append(Case(id=raw.get("id", f"line-{number}"), trade=raw.get("trade", "handyman"),
                              business=raw.get("business", "the business"),
                              messages=list(raw["messages"]), expect=dict(raw["expect"])))
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a case ({error})") from error
    return cases


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


def case_outcome(case: Case, lead: Lead) -> dict[str, bool | None]:
    """Per-score hit (True/False) or None where the score does not apply to this case."""
    expect = case.expect
    address = lead.address.text.lower() if lead.address else ""
    service = (lead.service or "").lower()
    return {
        "intent": lead.intent in expect["intent"],
        "urgency": lead.urgency in expect["urgency"] if "urgency" in expect else None,
        "escalate_true": bool(lead.escalate) if expect.get("escalate") else None,
        "escalate_predicted": bool(expect.get("escalate")) if lead.escalate else None,
        "name": (lead.name is not None and _squash(lead.name) == _squash(expect["name"])) if "name" in expect else None,
        "address": (bool(address) and all(s.lower() in address for s in expect["address"])) if "address" in expect else None,
        "service": (bool(service) and any(k.lower() in service for k in expect["service"])) if "service" in expect else None,
        "opt_out": bool(lead.opt_out) == bool(expect.get("opt_out", False)),
        "false_name": (lead.name is not None) if "name" not in expect else None,
        "false_address": (lead.address is not None) if "address" not in expect else None,
    }


def _share(outcomes: list[dict[str, bool | None]], key: str) -> float | None:
    applicable = [o[key] for o in outcomes if o[key] is not None]
    return round(sum(applicable) / len(applicable), 4) if applicable else None


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return round(ordered[index], 1)


def summarise(outcomes: list[dict[str, bool | None]], latencies_ms: list[float], model: str) -> dict[str, Any]:
    return {
        "n": len(outcomes),
        "intent_accuracy": _share(outcomes, "intent"),
        "urgency_accuracy": _share(outcomes, "urgency"),
        "escalate_recall": _share(outcomes, "escalate_true"),
        "escalate_precision": _share(outcomes, "escalate_predicted"),
        "name_accuracy": _share(outcomes, "name"),
        "address_accuracy": _share(outcomes, "address"),
        "service_accuracy": _share(outcomes, "service"),
        "opt_out_accuracy": _share(outcomes, "opt_out"),
        "false_name_rate": _share(outcomes, "false_name"),
        "false_address_rate": _share(outcomes, "false_address"),
        "latency_ms_p50": _percentile(latencies_ms, 0.5),
        "latency_ms_p95": _percentile(latencies_ms, 0.95),
        "model": model,
    }
