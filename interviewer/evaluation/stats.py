"""Agreement statistics between two score lists, in plain Python (no numpy/scipy needed)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel


class Agreement(BaseModel):
    n: int
    pearson: float | None
    spearman: float | None
    qwk: float | None
    mae: float


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """None when either side is constant: a correlation is undefined there, not zero."""
    n = len(xs)
    if n < 2:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    result = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            result[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return result


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    return pearson(ranks(xs), ranks(ys))


def quadratic_weighted_kappa(
    xs: Sequence[int], ys: Sequence[int], low: int = 0, high: int = 5
) -> float | None:
    """Cohen's kappa with quadratic weights over the integer grades low..high."""
    k = high - low + 1
    n = len(xs)
    if n == 0:
        return None
    observed = [[0.0] * k for _ in range(k)]
    for x, y in zip(xs, ys, strict=True):
        observed[x - low][y - low] += 1
    hist_x = [sum(row) for row in observed]
    hist_y = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = den = 0.0
    for i in range(k):
        for j in range(k):
            weight = (i - j) ** 2 / (k - 1) ** 2
            expected = hist_x[i] * hist_y[j] / n
            num += weight * observed[i][j]
            den += weight * expected
    if den == 0:
        return None
    return 1.0 - num / den


def to_grade(score: float, high: int = 5) -> int:
    """A 0-5 score as the integer grade kappa compares (half up, so 2.5 -> 3)."""
    return max(0, min(high, math.floor(score + 0.5)))


def agreement(human: Sequence[float], ours: Sequence[float]) -> Agreement:
    n = len(human)
    return Agreement(
        n=n,
        pearson=pearson(human, ours),
        spearman=spearman(human, ours),
        qwk=quadratic_weighted_kappa([to_grade(h) for h in human], [to_grade(o) for o in ours]),
        mae=sum(abs(h - o) for h, o in zip(human, ours, strict=True)) / n if n else 0.0,
    )
