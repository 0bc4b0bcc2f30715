"""Fit `interviewer/scoring/calibration.json` on development data only.

    .venv/bin/python eval/tune.py            # search, print CV figures, write the fit
    .venv/bin/python eval/tune.py --dry-run  # print only

Development data: `eval/graded/` (the 540-answer set) and `eval/dev/` (answers written the
way the test set was, on other questions), minus every row whose question is in the frozen
test set (`eval/test/questions.json`): the split is by question. This script never opens
`eval/test/`'s answers. Parameters are chosen by 5-fold cross-validation over questions;
the isotonic map is then refitted on all development rows. A candidate that breaks more of
the bank's generated score ladders (`interviewer/evaluation/ladders.py`) loses to one that
breaks fewer, whatever its agreement.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from statistics import fmean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer.bank import Bank, Question  # noqa: E402
from interviewer.config import get_settings  # noqa: E402
from interviewer.evaluation.calibrate import cross_validated, fit_isotonic  # noqa: E402
from interviewer.evaluation.dataset import GradedRow, load_rows  # noqa: E402
from interviewer.evaluation.ladders import ladder_violations  # noqa: E402
from interviewer.evaluation.stats import agreement  # noqa: E402
from interviewer.scoring import rules  # noqa: E402
from interviewer.scoring.calibration import CALIBRATION_FILE, Calibration, calibration  # noqa: E402
from interviewer.scoring.rubric import RubricScorer  # noqa: E402

DEV_DIRS = [ROOT / "eval" / "graded", ROOT / "eval" / "dev"]
TEST_QUESTIONS = ROOT / "eval" / "test" / "questions.json"

#: the values each parameter may take; the search is coordinate descent from the defaults
GRID: dict[str, list[float]] = {
    "sem_low": [0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
    "sem_high": [0.7, 0.75, 0.8, 0.85, 0.9, 0.95],
    "story_sem_low": [0.2, 0.25, 0.3, 0.35, 0.4, 0.45],
    "story_sem_high": [0.45, 0.5, 0.55, 0.6, 0.65, 0.7],
    "negation_factor": [0.25, 0.5, 0.75, 1.0],
    "exemplar_words_weight": [0.0, 0.5, 1.0, 2.0, 3.0],
    "story_exemplar_words_weight": [0.0, 0.5, 1.0, 2.0, 3.0, 5.0],
    "red_flag_similarity": [0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 1.01],
    "red_flag_margin": [-0.05, 0.0, 0.05, 0.1],
    "red_flag_penalty": [0.5, 1.0, 1.5, 2.0, 2.5],
    "meaning_red_flag_penalty": [0.0, 0.25, 0.5, 1.0, 1.5],
    "max_red_flag_penalty": [1.5, 2.5, 3.5, 5.0],
}
PASSES = 1


def dev_rows() -> list[GradedRow]:
    held_out = set(json.loads(TEST_QUESTIONS.read_text()))
    rows = load_rows([d for d in DEV_DIRS if d.is_dir()])
    return [r for r in rows if r.question_id and r.question_id not in held_out]


def objective(human: list[float], predicted: list[float]) -> float:
    a = agreement(human, predicted)
    return (a.spearman or 0) + (a.qwk or 0) - a.mae / 2


class Rows:
    """Development rows with their questions, scored under a candidate calibration."""

    def __init__(self, rows: list[GradedRow], bank: Bank) -> None:
        self.rows = rows
        self.questions = [bank.get(r.question_id or "") for r in rows]
        self.human = [r.human for r in rows]
        self.groups = [q.id for q in self.questions]

    def raw(self, cal: Calibration) -> tuple[list[float], list[float]]:
        scorer = RubricScorer(True, cal)
        raw, coverage = [], []
        for q, r in zip(self.questions, self.rows, strict=True):
            a = scorer.assess(q, [r.answer])
            raw.append(rules.raw_score(a.verdicts, a.red_flags, cal, a.exemplar_bonus))
            coverage.append(rules.coverage_fraction(a.verdicts))
        return raw, coverage

    def violations(self, cal: Calibration, bank: Bank) -> int:
        """Broken ladder rungs over the whole bank (generated answers, not graded ones)."""
        scorer = RubricScorer(True, cal)
        count = 0
        for question in bank:

            def score(text: str, q: Question = question) -> float:
                return scorer.assess(q, [text]).score

            count += len(ladder_violations(question, score, lambda other: bank.get(other).exemplar))
        return count

    def predict(self, cal: Calibration) -> list[float]:
        """Cross-validated by question: each row mapped by a fit on other questions."""
        raw, coverage = self.raw(cal)
        predicted = cross_validated(raw, self.human, self.groups)
        return [0.0 if c == 0 else p for c, p in zip(coverage, predicted, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dry-run", action="store_true")
    parser.add_argument("--passes", type=int, default=PASSES)
    args = parser.parse_args()
    bank = Bank.from_dir(get_settings().bank_dir)
    data = Rows(dev_rows(), bank)
    print(f"development rows: {len(data.rows)} on {len(set(data.groups))} questions", flush=True)
    params = calibration().model_dump(include=set(GRID))  # from the last fit

    def judge(cal: Calibration) -> tuple[int, float]:
        """(broken ladder rungs, agreement): fewer broken rungs first, then agreement."""
        return data.violations(cal, bank), objective(data.human, data.predict(cal))

    best = judge(Calibration(**params))
    print(f"start: {best[0]} broken rungs, objective {best[1]:.4f}", flush=True)
    for _ in range(args.passes):
        for name, values in GRID.items():
            for value in values:
                if value == params[name]:
                    continue
                trial = {**params, name: value}
                try:
                    cal = Calibration(**trial)
                except ValueError:
                    continue
                found = judge(cal)
                if (found[0], -found[1]) < (best[0], -best[1] - 1e-4):
                    best, params = found, trial
                    print(
                        f"  {name} = {value}: {best[0]} broken rungs, objective {best[1]:.4f}",
                        flush=True,
                    )
    print("chosen:", params, f"({best[0]} broken ladder rungs)")
    # Keep what this script does not fit (reference grading, off-topic thresholds).
    final = calibration().model_copy(update=params)
    print(
        "cross-validated on development questions:",
        agreement(data.human, data.predict(final)),
    )
    phrases = [
        RubricScorer(False, final).assess(q, [r.answer]).score
        for q, r in zip(data.questions, data.rows, strict=True)
    ]
    print("rubric phrases alone (fixed map), same rows:", agreement(data.human, phrases))
    raw, _ = data.raw(final)
    knots = fit_isotonic(raw, data.human)
    fitted = final.model_copy(
        update={
            "knots": [(round(x, 4), round(y, 4)) for x, y in knots],
            "fitted_on": f"{len(data.rows)} development rows on {len(set(data.groups))} "
            "questions (eval/graded + eval/dev, test questions excluded); parameters by "
            "5-fold cross-validation over questions",
        }
    )
    print(f"mean human {fmean(data.human):.2f}; knots {len(knots)}")
    if not args.dry_run:
        CALIBRATION_FILE.write_text(fitted.model_dump_json(indent=1) + "\n", encoding="utf-8")
        print(f"wrote {CALIBRATION_FILE}")


if __name__ == "__main__":
    main()
