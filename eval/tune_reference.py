"""Fit reference-only grading (`question` + `reference` rows) on a public development set.

    .venv/bin/python eval/tune_reference.py            # fit on SciEntsBank train, write it
    .venv/bin/python eval/tune_reference.py --dry-run

Development data: `eval/public/scientsbank-train.jsonl` only (SemEval-2013 Task 7, see
eval/README.md). The similarity band is chosen by 5-fold cross-validation over questions;
the isotonic map is then refitted on all training rows. The unseen-answers, unseen-questions
and unseen-domains files are never read here: `interviewer eval` reports on them.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.evaluation.calibrate import cross_validated, fit_isotonic  # noqa: E402
from interviewer.evaluation.dataset import load_rows  # noqa: E402
from interviewer.evaluation.reference import (  # noqa: E402
    ReferenceScorer,
    reference_credit,
    reference_question,
)
from interviewer.evaluation.stats import agreement  # noqa: E402
from interviewer.scoring.calibration import CALIBRATION_FILE, Calibration, calibration  # noqa: E402

TRAIN = ROOT / "eval" / "public" / "scientsbank-train.jsonl"
LOWS = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
HIGHS = [0.6, 0.7, 0.8, 0.9, 1.0]
SHARES = [0.0, 0.2, 0.35, 0.5, 0.65, 0.8, 1.0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    rows = load_rows([TRAIN])
    questions = [reference_question(r.question or "", r.reference or "", None) for r in rows]
    human = [r.human for r in rows]
    groups = [q.id for q in questions]
    print(f"development rows: {len(rows)} on {len(set(groups))} questions", flush=True)
    scorer = ReferenceScorer(True)
    # Per row and reference piece: (similarity, word share), computed once.
    signals = [
        [(sim, share, match is not None) for sim, share, match in scorer.signals(q, [r.answer])[1]]
        for q, r in zip(questions, rows, strict=True)
    ]
    base = calibration()

    def raw_for(cal: Calibration) -> list[float]:
        return [
            5
            * sum(reference_credit(cal, sim if has else None, share) for sim, share, has in row)
            / max(1, len(row))
            for row in signals
        ]

    best: tuple[float, dict[str, float]] | None = None
    for low, high, share in itertools.product(LOWS, HIGHS, SHARES):
        if high <= low:
            continue
        params = {
            "reference_sem_low": low,
            "reference_sem_high": high,
            "reference_meaning_share": share,
        }
        raw = raw_for(base.model_copy(update=params))
        value = agreement(human, cross_validated(raw, human, groups)).pearson or 0.0
        if best is None or value > best[0]:
            best = (value, params)
            print(f"  {params}: CV Pearson {value:.4f}", flush=True)
    assert best is not None
    cal = base.model_copy(update=best[1])
    raw = raw_for(cal)
    knots = fit_isotonic(raw, human)
    fitted = cal.model_copy(
        update={
            "reference_knots": [(round(x, 4), round(y, 4)) for x, y in knots],
            "reference_fitted_on": f"{len(rows)} rows of SciEntsBank train "
            f"({len(set(groups))} questions); band and blend by 5-fold CV over questions",
        }
    )
    print(f"chosen {best[1]}; knots {len(knots)}")
    if not args.dry_run:
        CALIBRATION_FILE.write_text(fitted.model_dump_json(indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_FILE}")


if __name__ == "__main__":
    main()
