"""Effect of owner corrections: correct a few cases, then score similar cases never corrected.

    python bench/eval_corrections.py [CORRECTED.jsonl HELDOUT.jsonl]

Rules only (the memory works the same with the model on). Prints intent accuracy on the
held-out file before and after, and for each held-out case its nearest corrected text.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from appliance.brain.cli import run_eval  # noqa: E402
from appliance.brain.corrections import load_memory, record_correction  # noqa: E402
from appliance.brain.evaluation import load_cases  # noqa: E402
from appliance.store.db import connect  # noqa: E402

HERE = Path(__file__).parent / "data"


def main(corrected_path: str, heldout_path: str) -> dict:
    before, _ = run_eval(heldout_path, mode="rules")
    corpus = Path(__file__).resolve().parents[1] / "appliance/brain/data/corpus.jsonl"
    corpus_before, _ = run_eval(corpus, mode="rules")
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "corrections.db")
        for case in load_cases(corrected_path):
            record_correction(db, case.messages, {"intent": case.expect["intent"][0]}, author="bench")
        memory = load_memory(db)
        after, _ = run_eval(heldout_path, memory=memory, mode="rules")
        corpus_after, _ = run_eval(corpus, memory=memory, mode="rules")  # unrelated texts must not change
    neighbours = []
    for case in load_cases(heldout_path):
        found = memory.nearest(case.messages, "intent")
        neighbours.append({"id": case.id, "similarity": round(found[1], 3) if found else None,
                           "recalled": found[0].fields["intent"] if found and found[1] >= memory.threshold else None})
    report = {"corrected": len(load_cases(corrected_path)), "heldout": before["n"],
              "intent_before": before["intent_accuracy"], "intent_after": after["intent_accuracy"],
              "corpus_intent_before": corpus_before["intent_accuracy"],
              "corpus_intent_after": corpus_after["intent_accuracy"],
              "threshold": memory.threshold, "neighbours": neighbours}
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    args = sys.argv[1:] or [str(HERE / "corrections_demo.jsonl"), str(HERE / "corrections_heldout.jsonl")]
    main(*args)
