"""Levels and the hire signal: the same scores mean different things at different levels.

Each level has a bar, the mean 0-5 score a round needs for "hire" at that level (a junior
is not expected to cover what a staff engineer would). A round's signal is its mean score
against the bar, and a misconception caps it: one red flag at "lean hire", two or more at
"no", as a debrief would treat a confidently wrong statement.

    mean - bar < -1.5 -> strong no;  < -0.5 -> no;  < +0.25 -> lean hire;  < +1.0 -> hire;
    otherwise strong hire
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from interviewer.bank.models import Level

LEVEL_BAR: dict[Level, float] = {
    Level.JUNIOR: 2.5,
    Level.MID: 3.0,
    Level.SENIOR: 3.5,
    Level.STAFF: 4.0,
}


class HireSignal(StrEnum):
    STRONG_NO = "strong no"
    NO = "no"
    LEAN_HIRE = "lean hire"
    HIRE = "hire"
    STRONG_HIRE = "strong hire"


_ORDER = list(HireSignal)
_THRESHOLDS = (
    (-1.5, HireSignal.STRONG_NO),
    (-0.5, HireSignal.NO),
    (0.25, HireSignal.LEAN_HIRE),
    (1.0, HireSignal.HIRE),
)


class RoundSignal(BaseModel):
    round: str
    level: Level
    signal: HireSignal
    mean_score: float
    bar: float
    reasons: list[str]


def signal_for(mean: float, level: Level, red_flags: int) -> HireSignal:
    gap = mean - LEVEL_BAR[level]
    signal = next((s for limit, s in _THRESHOLDS if gap < limit), HireSignal.STRONG_HIRE)
    cap = HireSignal.NO if red_flags >= 2 else HireSignal.LEAN_HIRE if red_flags == 1 else None
    if cap is not None and _ORDER.index(signal) > _ORDER.index(cap):
        signal = cap
    return signal


def round_signal(
    round_name: str,
    level: Level,
    scores: list[float],
    strengths: list[str],
    gaps: list[str],
    red_flags: list[str],
) -> RoundSignal:
    """The signal of one round with the reasons a debrief would give for it."""
    mean = round(sum(scores) / len(scores), 2) if scores else 0.0
    bar = LEVEL_BAR[level]
    signal = signal_for(mean, level, len(red_flags))
    reasons = [
        f"Mean score {mean:.1f} over {len(scores)} question(s) against the {level.value} bar of {bar:.1f}."
    ]
    if strengths:
        reasons.append("Strong on: " + "; ".join(strengths[:3]) + ".")
    if gaps:
        reasons.append("Missed: " + "; ".join(gaps[:3]) + ".")
    if red_flags:
        reasons.append("Red flag: " + "; ".join(red_flags[:2]) + " (caps the signal).")
    return RoundSignal(
        round=round_name, level=level, signal=signal, mean_score=mean, bar=bar, reasons=reasons
    )
