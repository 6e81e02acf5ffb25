"""Effect of owner corrections: correct a few cases, then score similar cases never corrected.

    python bench/eval_corrections.py [CORRECTED.jsonl HELDOUT.jsonl]

Every labelled field of each corrected case (intent, urgency, escalate, service) is stored
as the owner's correction, as the admin form or `textback correct` would. Then the held-out
file, whose texts resemble the corrected ones but were never corrected, is scored before and
after, and so are the dev set and the corpus, which must not change. Rules and classifier,
no model (the memory works the same with the model on). Without arguments it runs both
bundled demos: pitches relabelled as not a lead, and dangers in wordings the hazard rules
do not know.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from appliance.brain.cli import run_eval  # noqa: E402
from appliance.brain.corrections import load_memory, record_correction  # noqa: E402
from appliance.brain.evaluation import Case, load_cases  # noqa: E402
from appliance.store.db import connect  # noqa: E402

HERE = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[1]
UNRELATED = [ROOT / "appliance/brain/data/corpus.jsonl", Path("/work/shared/eval/dev.jsonl")]
SCORES = ("intent_accuracy", "urgency_accuracy", "escalate_recall", "escalate_precision", "service_accuracy")
DEMOS = [("corrections_demo.jsonl", "corrections_heldout.jsonl"),
         ("corrections_escalate_demo.jsonl", "corrections_escalate_heldout.jsonl"),
         ("corrections_commercial_demo.jsonl", "corrections_commercial_heldout.jsonl"),
         ("corrections_hotwater_demo.jsonl", "corrections_hotwater_heldout.jsonl")]


def owner_changes(case: Case) -> dict:
    """What an owner would type into the form for this case: the first acceptable value of each label."""
    expect = case.expect
    changes = {field: expect[field][0] for field in ("intent", "urgency", "service") if expect.get(field)}
    if "escalate" in expect:
        changes["escalate"] = bool(expect["escalate"])
    return changes


def _scores(path: Path | str, memory=None) -> dict:
    summary, _ = run_eval(path, memory=memory, mode="rules")
    return {key: summary[key] for key in SCORES}


def measure(corrected_path: Path | str, heldout_path: Path | str) -> dict:
    unrelated = [p for p in UNRELATED if p.exists()]
    before = _scores(heldout_path)
    unrelated_before = {p.name: _scores(p) for p in unrelated}
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "corrections.db")
        corrected = load_cases(corrected_path)
        for case in corrected:
            record_correction(db, case.messages, owner_changes(case), author="bench")
        memory = load_memory(db)
    after = _scores(heldout_path, memory)
    unrelated_after = {p.name: _scores(p, memory) for p in unrelated}
    neighbours = []
    for case in load_cases(heldout_path):
        found = memory.nearest(case.messages, "intent")
        neighbours.append({"id": case.id, "similarity": round(found[1], 3) if found else None,
                           "recalled": bool(found and found[1] >= memory.threshold)})
    return {"corrected": str(corrected_path), "n_corrected": len(corrected), "heldout": str(heldout_path),
            "before": before, "after": after,
            "unrelated_unchanged": all(unrelated_before[k] == unrelated_after[k] for k in unrelated_before),
            "threshold": memory.threshold, "neighbours": neighbours}


def main(pairs: list[tuple[str, str]]) -> list[dict]:
    reports = [measure(corrected, heldout) for corrected, heldout in pairs]
    print(json.dumps(reports, indent=1))
    return reports


if __name__ == "__main__":
    args = sys.argv[1:]
    main([(args[0], args[1])] if len(args) == 2 else [(str(HERE / a), str(HERE / b)) for a, b in DEMOS])
