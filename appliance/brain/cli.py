"""`textback qualify`, `textback eval` and `textback correct`: thin commands over the brain.

Mounted by appliance/cli.py through `add_commands(commands, add)`. Imports of the model
runtime happen inside the handlers, so `textback --help` stays fast.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any, Callable

from .classifier import BUNDLED
from .engine import qualify
from .evaluation import case_outcome, load_cases, summarise
from .profile import default_profile


def add_commands(commands: Any, add: Callable[..., argparse.ArgumentParser]) -> None:
    q = add(commands, "qualify", cmd_qualify,
            "read a customer's texts on stdin (one message per line) and print the structured lead as JSON")
    _model_options(q)
    q.add_argument("--trade", default="handyman", help="trade profile to use (plumbing, hvac, electrical, ...)")
    q.add_argument("--business", default="the business", help="business name for the profile")

    e = add(commands, "eval", cmd_eval, "score the engine on labelled cases (see shared/eval/README.md)")
    e.add_argument("cases", help="a JSONL file of labelled cases")
    e.add_argument("--json", action="store_true", help="print one JSON object with every score")
    _model_options(e)

    c = add(commands, "correct", cmd_correct,
            "store an owner's correction of a lead's fields so similar future texts are labelled alike")
    c.add_argument("database", help="the textback SQLite database")
    c.add_argument("--text", action="append", required=True, help="a customer text the lead came from (repeat)")
    c.add_argument("--set", action="append", required=True, metavar="FIELD=VALUE",
                   help="corrected value, e.g. intent=not_a_lead (repeat)")
    c.add_argument("--lead-id", type=int, help="the corrected lead's id")
    c.add_argument("--author", help="who corrected it")


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mode", choices=("rules", "model", "combined"), default="combined",
                        help="rules alone, the model alone, or both (default)")
    parser.add_argument("--model", default="smollm2",
                        help="bundled model (smollm2, gemma3) or a GGUF file name in models/")
    parser.add_argument("--data-dir", default="var", help="where the bundled model is placed at first run")
    parser.add_argument("--timeout", type=float, default=1.5, help="seconds to wait for the model per lead")
    parser.add_argument("--corrections", metavar="DB", help="use owner corrections stored in this database")
    parser.add_argument("--no-classifier", action="store_true",
                        help="leave out the learned intent classifier (to measure the rules alone)")


def _advisor(args: argparse.Namespace):
    """The model advisor the options ask for, or None for rules only."""
    if args.mode == "rules":
        return None
    from .llm import ModelAdvisor, ModelRunner, resolve_model

    runner = ModelRunner(resolve_model(args.data_dir, args.model))
    runner.wait_ready()
    return ModelAdvisor(runner, timeout=args.timeout)


def _memory(args: argparse.Namespace):
    if not getattr(args, "corrections", None):
        return None
    from appliance.store.db import connect

    from .corrections import load_memory

    return load_memory(connect(args.corrections))


def cmd_qualify(args: argparse.Namespace) -> int:
    messages = [line.rstrip("\n") for line in sys.stdin if line.strip()]
    if not messages:
        print("textback qualify: no texts on stdin (one message per line)", file=sys.stderr)
        return 2
    advisor = _advisor(args)
    lead = qualify(messages, default_profile(args.trade, args.business), datetime.now().astimezone(),
                   advisor=advisor, memory=_memory(args), mode=args.mode,
                   classifier=None if args.no_classifier else BUNDLED)
    print(json.dumps(lead.to_dict(), ensure_ascii=False, indent=2))
    return 0


def run_eval(cases_path: str | Path, advisor=None, memory=None, mode: str = "combined",
             now: datetime | None = None, classifier: Any = BUNDLED) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Score every case; returns the summary and one row per case (for reports)."""
    cases = load_cases(cases_path)
    now = now or datetime(2025, 3, 4, 10, 0)
    if advisor is not None and cases:  # warm the model so latency is measured warm
        advisor.advise(cases[0].messages, default_profile(cases[0].trade, cases[0].business))
    outcomes, latencies, rows = [], [], []
    for case in cases:
        start = time.perf_counter()
        lead = qualify(case.messages, default_profile(case.trade, case.business), now,
                       advisor=advisor, memory=memory, mode=mode, classifier=classifier)
        latencies.append((time.perf_counter() - start) * 1000)
        outcome = case_outcome(case, lead)
        outcomes.append(outcome)
        rows.append({"id": case.id, "lead": lead.to_dict(), "outcome": outcome})
    model = getattr(advisor, "name", "none") if mode != "rules" else "none"
    return summarise(outcomes, latencies, model), rows


def cmd_eval(args: argparse.Namespace) -> int:
    try:
        summary, rows = run_eval(args.cases, _advisor(args), _memory(args), args.mode,
                                 classifier=None if args.no_classifier else BUNDLED)
    except (OSError, ValueError) as error:
        print(f"textback eval: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary))
        return 0
    for row in rows:
        misses = [k for k, v in row["outcome"].items()
                  if (v is False and not k.startswith("false")) or (v is True and k.startswith("false"))]
        if misses:
            print(f"{row['id']}: missed {', '.join(misses)}")
    for key, value in summary.items():
        print(f"{key:>20}  {value}")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    from appliance.store.db import connect

    from .corrections import record_correction

    changes: dict[str, Any] = {}
    for item in args.set:
        field, sep, value = item.partition("=")
        if not sep:
            print(f"textback correct: --set wants FIELD=VALUE, got {item!r}", file=sys.stderr)
            return 2
        changes[field.strip()] = value.strip()
    try:
        ids = record_correction(connect(args.database), args.text, changes, lead_id=args.lead_id, author=args.author)
    except ValueError as error:
        print(f"textback correct: {error}", file=sys.stderr)
        return 2
    print(f"stored {len(ids)} correction(s)")
    return 0
