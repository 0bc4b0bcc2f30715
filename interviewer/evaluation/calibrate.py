"""Fit the monotone map from raw rubric scores to the human 0-5 scale, by question folds.

Isotonic regression (pool adjacent violators) is the least-assuming monotone fit: it only
promises that more evidence never scores lower. Folds are split by question, never by row,
so a figure for held-out folds says how the map does on questions it has not seen.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Sequence


def fit_isotonic(xs: Sequence[float], ys: Sequence[float]) -> list[tuple[float, float]]:
    """Knots (x, y) of the non-decreasing least-squares fit of ys on xs."""
    if len(xs) != len(ys) or not xs:
        raise ValueError("fit_isotonic needs two equally long, non-empty sequences")
    pairs = sorted(zip(xs, ys, strict=True))
    # blocks of [sum_y, count, x_min, x_max]
    blocks: list[list[float]] = []
    for x, y in pairs:
        blocks.append([y, 1.0, x, x])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] >= blocks[-1][0] / blocks[-1][1]:
            total, count, _, high = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
            blocks[-1][3] = high
    knots: list[tuple[float, float]] = []
    for total, count, low, high in blocks:
        mean = total / count
        knots.append((low, mean))
        if high > low:
            knots.append((high, mean))
    return knots


def interpolate(knots: Sequence[tuple[float, float]], x: float) -> float:
    if x <= knots[0][0]:
        return knots[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(knots):
        if x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return knots[-1][1]


def fold_of(group: str, folds: int) -> int:
    """A stable fold for a question id: the same question is always in the same fold."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % folds


def cross_validated(
    raw: Sequence[float], human: Sequence[float], groups: Sequence[str], folds: int = 5
) -> list[float]:
    """Each row's prediction from a map fitted on the other folds' questions only."""
    predictions = [0.0] * len(raw)
    assignment = [fold_of(g, folds) for g in groups]
    for fold in range(folds):
        train = [i for i, f in enumerate(assignment) if f != fold]
        test = [i for i, f in enumerate(assignment) if f == fold]
        if not test:
            continue
        if not train:  # one question only: nothing to fit on, the raw value stands
            for i in test:
                predictions[i] = raw[i]
            continue
        knots = fit_isotonic([raw[i] for i in train], [human[i] for i in train])
        for i in test:
            predictions[i] = interpolate(knots, raw[i])
    return predictions
