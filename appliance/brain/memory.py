"""Nearest-neighbour memory of texts whose labels the owner corrected.

A text is a bag of character n-grams (3-5, over folded words) plus whole words, weighted
and L2-normalised; similarity is the cosine. No downloads, no training: each correction
is one stored example, and a new conversation close enough to one takes its label.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from .text import fold

SIMILAR_ENOUGH = 0.45  # cosine at which a corrected example decides a new text's intent (bench/eval_corrections.py)
# Urgency, escalation and service are copied only from closer texts: in the escalation demo, paraphrases of
# corrected dangers scored 0.68-0.86 and harmless texts about the same equipment up to 0.59.
SIMILAR_FOR_DETAILS = 0.65

Vector = dict[str, float]


def vectorise(text: str) -> Vector:
    tokens = re.findall(r"[a-z]+|\d+", fold(text))
    grams: Counter[str] = Counter()
    for token in tokens:
        grams["w:" + token] += 2
        padded = f" {token} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                grams[padded[i:i + n]] += 1
    norm = math.sqrt(sum(v * v for v in grams.values())) or 1.0
    return {g: v / norm for g, v in grams.items()}


def cosine(a: Vector, b: Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


@dataclass(frozen=True)
class Example:
    text: str
    vector: Vector
    fields: dict[str, object]  # corrected values, e.g. {"intent": "not_a_lead"}


class CorrectionMemory:
    """The engine's Memory: recall corrected fields for texts like ones corrected before."""

    def __init__(self, threshold: float = SIMILAR_ENOUGH, details_threshold: float = SIMILAR_FOR_DETAILS) -> None:
        self.threshold = threshold
        self.details_threshold = details_threshold
        self.examples: list[Example] = []

    def add(self, messages: list[str], fields: dict[str, object]) -> None:
        text = " ".join(messages)
        self.examples.append(Example(text, vectorise(text), dict(fields)))

    def nearest(self, messages: list[str], field: str) -> tuple[Example, float] | None:
        vector = vectorise(" ".join(messages))
        scored = [(e, cosine(vector, e.vector)) for e in self.examples if field in e.fields]
        return max(scored, key=lambda pair: pair[1], default=None)

    def recall(self, messages: list[str], field: str) -> tuple[object, float] | None:
        """The corrected value of `field` for the closest corrected text, if it is close enough."""
        found = self.nearest(messages, field)
        needed = self.threshold if field == "intent" else self.details_threshold
        if found is None or found[1] < needed:
            return None
        example, similarity = found
        return example.fields[field], round(similarity, 3)

    def labelled_texts(self) -> tuple[tuple[str, str], ...]:
        """(text, intent) of every corrected text that says what it is, for the classifier to learn
        from: an escalation the owner asked for is an emergency, whatever intent they left."""
        labelled = []
        for example in self.examples:
            intent = "emergency_repair" if example.fields.get("escalate") is True else example.fields.get("intent")
            if intent:
                labelled.append((example.text, str(intent)))
        return tuple(labelled)

    def recall_intent(self, messages: list[str]) -> tuple[str, float] | None:
        found = self.recall(messages, "intent")
        return (str(found[0]), found[1]) if found else None
