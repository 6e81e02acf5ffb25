"""Accuracy and latency of the qualification engine: rules only, model only, combined.

    python bench/eval_brain.py CASES.jsonl [--models smollm2,gemma3] [--limit N] [--out FILE]
    python bench/eval_brain.py --cv 10      # the intent classifier, cross-validated on the bundled texts
    python bench/eval_brain.py --blind-cv 5 [--set NAME=VALUE ...]   # the engine on the blind corpora (below)

Run on cases the engine was not tuned on. Each bundled model is loaded once (warm), on 2
threads, and measured in every setup; the model's intent alone is scored too, since that
is the only thing the combined setup asks it for. Prints one JSON document.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from appliance.brain import engine  # noqa: E402
from appliance.brain.classifier import DATA, TRAINING_FILES, IntentClassifier  # noqa: E402
from appliance.brain.cli import run_eval  # noqa: E402
from appliance.brain.engine import qualify  # noqa: E402
from appliance.brain.evaluation import case_outcome, load_cases, summarise  # noqa: E402
from appliance.brain.llm import ModelAdvisor, ensure_default_model, start_runner  # noqa: E402
from appliance.brain.profile import default_profile  # noqa: E402


def _rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def intent_only(cases_path: str, advisor: ModelAdvisor) -> dict:
    cases = load_cases(cases_path)
    hits, latencies = 0, []
    for case in cases:
        start = time.perf_counter()
        label = advisor.classify_intent(case.messages, default_profile(case.trade, case.business))
        latencies.append((time.perf_counter() - start) * 1000)
        hits += label in case.expect["intent"]
    latencies.sort()
    return {"intent_accuracy": round(hits / len(cases), 4), "latency_ms_p50": round(latencies[len(latencies) // 2], 1),
            "latency_ms_p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1)}


def cross_validate(folds: int) -> dict:
    """Intent accuracy on each bundled text with the classifier trained on the other folds:
    the rules alone, the classifier alone, and the two combined as the engine combines them.
    The rules were written while reading corpus.jsonl and hazard_corpus.jsonl, so their figures
    there are training figures; intent_corpus.jsonl was scored by the rules before any rule change."""
    cases = [(name, case) for name in TRAINING_FILES for case in load_cases(DATA / name)]
    now = datetime(2025, 3, 4, 10, 0)
    hits: dict[str, dict[str, list[bool]]] = {}
    for fold in range(folds):
        train = [(" ".join(c.messages), c.expect["intent"][0]) for i, (_, c) in enumerate(cases) if i % folds != fold]
        classifier = IntentClassifier().train(train)
        for name, case in cases[fold::folds]:
            profile = default_profile(case.trade, case.business)
            rules = qualify(case.messages, profile, now, mode="rules", classifier=None).intent
            alone = classifier.predict(" ".join(case.messages)).intent
            combined = qualify(case.messages, profile, now, mode="rules", classifier=classifier).intent
            for setup, label in (("rules", rules), ("classifier", alone), ("combined", combined)):
                hits.setdefault(name, {}).setdefault(setup, []).append(label in case.expect["intent"])
    return {name: {setup: round(sum(h) / len(h), 4) for setup, h in by_setup.items()} | {"n": len(by_setup["rules"])}
            for name, by_setup in hits.items()}


# Written by people who never read the engine (data/README.md, sessions 3-5): the texts the engine's
# margins (OUTVOTES_RULES, DROP_SURE, SOUNDS_DANGEROUS) were chosen on.
BLIND_CORPORA = ("dangers_corpus.jsonl", "leads_corpus.jsonl", "conversations_corpus.jsonl", "terse_corpus.jsonl",
                 "mixed_corpus.jsonl", "rare_dangers_corpus.jsonl", "unfolding_corpus.jsonl", "languages_corpus.jsonl",
                 "commercial_corpus.jsonl", "weather_corpus.jsonl", "indirect_corpus.jsonl", "questions_corpus.jsonl",
                 "equipment_corpus.jsonl", "spanish_corpus.jsonl", "rural_corpus.jsonl", "dictation_corpus.jsonl")


def blind_cross_validate(folds: int, margins: dict[str, float]) -> dict:
    """The whole engine (rules + classifier, no model) on the blind corpora, each text labelled by a
    classifier trained on everything else but never on its own fold. ``margins`` overrides the engine's
    constants for a what-if (``SOUNDS_DANGEROUS=0.4``). The rules were fixed on these texts after their
    first sight, so the escalation figures lean optimistic; the margins' relative effects are what to read."""
    for name, value in margins.items():
        setattr(engine, name, value)
    held_out = [case for name in BLIND_CORPORA for case in load_cases(DATA / name)]
    always = [(" ".join(c.messages), c.expect["intent"][0])
              for name in TRAINING_FILES if name not in BLIND_CORPORA for c in load_cases(DATA / name)]
    now = datetime(2025, 3, 4, 10, 0)
    outcomes, latencies = [], []
    for fold in range(folds):
        train = always + [(" ".join(c.messages), c.expect["intent"][0]) for i, c in enumerate(held_out) if i % folds != fold]
        classifier = IntentClassifier().train(train)
        for case in held_out[fold::folds]:
            start = time.perf_counter()
            lead = qualify(case.messages, default_profile(case.trade, case.business), now, mode="rules", classifier=classifier)
            latencies.append((time.perf_counter() - start) * 1000)
            outcomes.append(case_outcome(case, lead))
    return summarise(outcomes, latencies, "rules + classifier (cross-validated)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("cases", nargs="?")
    parser.add_argument("--cv", type=int, metavar="K", help="cross-validate the intent classifier in K folds and stop")
    parser.add_argument("--blind-cv", type=int, metavar="K", help="the engine on the blind corpora, K-fold, and stop")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="an engine margin, with --blind-cv")
    parser.add_argument("--models", default="smollm2,gemma3")
    parser.add_argument("--every", type=int, help="score only every Nth case (a fixed held-out slice; slow models)")
    parser.add_argument("--timeout", type=float, default=30.0, help="per-call model timeout for measuring quality")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.cv:
        print(json.dumps(cross_validate(args.cv), indent=1))
        return
    if args.blind_cv:
        margins = {name: float(value) for name, value in (item.split("=", 1) for item in args.set)}
        print(json.dumps(blind_cross_validate(args.blind_cv, margins), indent=1))
        return
    if not args.cases:
        parser.error("give a CASES.jsonl file, or --cv K")
    cases_path = args.cases
    if args.every:
        lines = Path(args.cases).read_text().splitlines()[args.every - 1:: args.every]
        handle = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        handle.write("\n".join(lines))
        handle.close()
        cases_path = handle.name
    report: dict = {"cases": args.cases, "n": len(load_cases(cases_path)), "rss_mb_before_model": round(_rss_mb())}
    report["rules"], _ = run_eval(cases_path, mode="rules")
    data_dir = tempfile.mkdtemp(prefix="textback-bench-")
    for name in [m for m in args.models.split(",") if m]:
        runner = start_runner(ensure_default_model(data_dir, name))
        advisor = ModelAdvisor(runner, timeout=args.timeout)
        report[name] = {
            "rss_mb_with_model": round(_rss_mb()),
            "model_only": run_eval(cases_path, advisor=advisor, mode="model")[0],
            "combined": run_eval(cases_path, advisor=advisor, mode="combined")[0],
            "intent_only": intent_only(cases_path, advisor),
        }
        runner.close()
        print(json.dumps({name: report[name]}), file=sys.stderr)
    text = json.dumps(report, indent=1)
    if args.out:
        Path(args.out).write_text(text)
    print(text)


if __name__ == "__main__":
    main()
