"""A small learned intent classifier: multinomial naive Bayes over words, word pairs and
character n-grams, trained on the labelled texts in data/ when first asked.

Rules recognise the pattern families they were written for; this generalises from
examples to wordings nobody wrote a rule for ("we went with another company" is
not a lead, "want motion lights by the shed" is an install). The engine consults it where
the rules only fell back to their default (see `engine.py`). Pure Python, no downloads;
training on the ~400 bundled texts takes well under a second.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .text import fold

DATA = Path(__file__).parent / "data"
# Everything labelled that is not being held out: the authored corpora and the evaluation sets
# that were opened for tuning after their sealed scores (data/README.md says which is which).
TRAINING_FILES = ("corpus.jsonl", "hazard_corpus.jsonl", "intent_corpus.jsonl", "dangers_corpus.jsonl",
                  "leads_corpus.jsonl", "conversations_corpus.jsonl", "terse_corpus.jsonl", "mixed_corpus.jsonl",
                  "opened_holdout_a.jsonl", "opened_holdout_b.jsonl", "opened_holdout_c.jsonl")
SMOOTHING = 0.3  # additive smoothing; chosen by cross-validation on the bundled texts (bench/eval_brain.py --cv)


def features(text: str) -> Counter[str]:
    """Words, adjacent word pairs and 4-letter pieces of words (so typos still share most features)."""
    tokens = re.findall(r"[a-z]+(?:'[a-z]+)?|\d+", fold(text))
    grams: Counter[str] = Counter()
    for token in tokens:
        grams["w:" + token] += 1
        padded = f" {token} "
        for i in range(len(padded) - 3):
            grams["c:" + padded[i:i + 4]] += 1
    for first, second in zip(tokens, tokens[1:]):
        grams[f"b:{first}_{second}"] += 1
    return Counter({g: 1 for g in grams})  # presence, not counts: one long rambling text should not dominate


@dataclass(frozen=True)
class Prediction:
    intent: str
    probability: float
    # log-odds of the best label over the runner-up, per feature the text has. Naive Bayes
    # posteriors are near 1.0 for almost every text, so this is what tells sure from unsure.
    margin: float = 0.0


class IntentClassifier:
    def __init__(self, smoothing: float = SMOOTHING) -> None:
        self.smoothing = smoothing
        self.log_prior: dict[str, float] = {}
        self.log_likelihood: dict[str, dict[str, float]] = {}
        self.log_unseen: dict[str, float] = {}
        self.vocabulary: set[str] = set()

    def train(self, examples: list[tuple[str, str]]) -> "IntentClassifier":
        """`examples`: (text, intent) pairs."""
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        per_label = Counter(label for _, label in examples)
        for text, label in examples:
            counts[label].update(features(text))
        self.vocabulary = {g for c in counts.values() for g in c}
        size = len(self.vocabulary)
        for label, grams in counts.items():
            total = sum(grams.values()) + self.smoothing * size
            self.log_prior[label] = math.log(per_label[label] / len(examples))
            self.log_likelihood[label] = {g: math.log((n + self.smoothing) / total) for g, n in grams.items()}
            self.log_unseen[label] = math.log(self.smoothing / total)
        return self

    def predict(self, text: str) -> Prediction:
        grams = [g for g in features(text) if g in self.vocabulary]
        scores = {label: prior + sum(self.log_likelihood[label].get(g, self.log_unseen[label]) for g in grams)
                  for label, prior in self.log_prior.items()}
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)
        best, top = ranked[0], scores[ranked[0]]
        total = sum(math.exp(s - top) for s in scores.values())
        margin = (top - scores[ranked[1]]) / max(1, len(grams)) if len(ranked) > 1 else 0.0
        return Prediction(best, round(1 / total, 4), round(margin, 4))


def training_examples(paths: list[Path]) -> list[tuple[str, str]]:
    """(joined texts, first acceptable intent) for every labelled case in the files."""
    examples = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                examples.append((" ".join(case["messages"]), case["expect"]["intent"][0]))
    return examples


@lru_cache(maxsize=1)
def _bundled_examples() -> tuple[tuple[str, str], ...]:
    return tuple(training_examples([DATA / name for name in TRAINING_FILES]))


@lru_cache(maxsize=1)
def bundled_classifier() -> IntentClassifier:
    return IntentClassifier().train(list(_bundled_examples()))


# An owner's correction is worth several authored texts: it is this shop's own word on its own customers.
CORRECTION_WEIGHT = 5


@lru_cache(maxsize=4)
def taught_classifier(corrections: tuple[tuple[str, str], ...]) -> IntentClassifier:
    """The bundled classifier, retrained with the owner's corrected texts (about a second; cached
    while the corrections stay the same). So a correction reaches texts that share its words,
    not only the near-copies the correction memory recalls."""
    return IntentClassifier().train(list(_bundled_examples()) + list(corrections) * CORRECTION_WEIGHT)


class _Bundled:
    """The classifier trained on the bundled texts, trained on first use rather than at import."""

    def predict(self, text: str) -> Prediction:
        return bundled_classifier().predict(text)


BUNDLED = _Bundled()
