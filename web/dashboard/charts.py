"""Bar charts as plain numbers for an SVG the server draws: no chart library, nothing to download. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int
    height: int
    baseline: float        # y of the axis, under the bars and above the labels

    @property
    def empty(self) -> bool:
        return all(bar.value == 0 for bar in self.bars)


LABEL_SPACE = 16


def bar_chart(title: str, labels: list[str], values: list[int], width: int = 480, height: int = 160) -> Chart:
    """Bars scaled so the tallest fills the plot; a chart of zeros has no bars above the axis."""
    slot = width / len(values)
    baseline = height - LABEL_SPACE
    tallest = max(values) or 1
    bars = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = (baseline - 4) * value / tallest
        bars.append(Bar(label=label, value=value, x=index * slot + slot * 0.15, y=baseline - bar_height,
                        width=slot * 0.7, height=bar_height))
    return Chart(title=title, bars=bars, width=width, height=height, baseline=baseline)
