"""The fitted numbers that turn matching signals into a 0-5 score on the human scale.

Fitted on development data only (`eval/tune.py`, cross-validated by question) and stored in
`calibration.json` beside this module, with where they came from. Nothing here is tuned
by hand: change the fit, re-run it, and `interviewer eval` on the frozen test set says
whether it helped.

- A key point's semantic credit rises linearly from 0 at similarity `sem_low` to 1 at
  `sem_high`; when the best sentence's negation disagrees with the anchor's, the credit
  is multiplied by `negation_factor` ("L1 does not give sparse weights").
  Stories have their own band (`story_sem_*`).
- A red flag fires on its trigger phrase, or when a sentence without a negation is at
  least `red_flag_similarity` close to the flag's description and closer to it (by
  `red_flag_margin`) than to any key point. Such a sentence earns no key point.
- raw = 5 x weighted coverage - `red_flag_penalty` per trigger flag and
  `meaning_red_flag_penalty` per flag found by meaning (at most `max_red_flag_penalty`),
  and the score is the isotonic map `knots` of raw: monotone, so more evidence never
  lowers a score.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")


class Calibration(BaseModel):
    sem_low: float = Field(default=0.45, ge=-1, le=1)
    sem_high: float = Field(default=0.7, ge=-1, le=1)
    #: stories (behavioral, project deep dive): rubric points describe what a story shows,
    #: so a told story sits further from them in meaning than a technical answer does
    story_sem_low: float = Field(default=0.35, ge=-1, le=1)
    story_sem_high: float = Field(default=0.6, ge=-1, le=1)
    negation_factor: float = Field(default=0.5, ge=0, le=1)
    #: raw points for the share of the exemplar's words (less the question's) an answer uses
    exemplar_words_weight: float = Field(default=0.0, ge=0, le=5)
    story_exemplar_words_weight: float = Field(default=0.0, ge=0, le=5)
    red_flag_similarity: float = Field(default=0.6, ge=0, le=1.01)
    red_flag_margin: float = Field(default=0.0, ge=-1, le=1)
    red_flag_penalty: float = Field(default=1.0, ge=0, le=5)
    meaning_red_flag_penalty: float = Field(default=0.5, ge=0, le=5)
    max_red_flag_penalty: float = Field(default=2.5, ge=0, le=5)
    #: isotonic map raw -> score, as (raw, score) points sorted by raw; identity when empty
    knots: list[tuple[float, float]] = Field(default_factory=list)
    fitted_on: str = Field(default="defaults", description="what data the fit used")
    #: an answer scoring at most this, and further than `off_topic_relevance` from the
    #: question and its exemplar, is about something else: the interviewer restates. Chosen
    #: on the development answers written as off-topic (4 of the 5 answers it catches there)
    off_question_max_score: float = Field(default=0.5, ge=0, le=5)
    off_topic_relevance: float = Field(default=0.5, ge=-1, le=1)
    #: reference-only grading (`question` + `reference` rows): its own band and map
    reference_sem_low: float = Field(default=0.45, ge=-1, le=1)
    reference_sem_high: float = Field(default=0.75, ge=-1, le=1)
    #: a reference piece's credit: this share from meaning, the rest from words
    reference_meaning_share: float = Field(default=0.5, ge=0, le=1)
    reference_knots: list[tuple[float, float]] = Field(default_factory=list)
    reference_fitted_on: str = "defaults"

    def semantic_credit(self, similarity: float, story: bool = False) -> float:
        if story:
            return _band(similarity, self.story_sem_low, self.story_sem_high)
        return _band(similarity, self.sem_low, self.sem_high)

    def reference_credit(self, similarity: float) -> float:
        return _band(similarity, self.reference_sem_low, self.reference_sem_high)

    def to_score(self, raw: float) -> float:
        """The isotonic map, linear between knots, flat beyond the ends, within 0-5."""
        return _through(self.knots, raw)

    def reference_score(self, raw: float) -> float:
        return _through(self.reference_knots, raw)


def _band(similarity: float, low: float, high: float) -> float:
    if high <= low:
        return float(similarity >= high)
    return min(1.0, max(0.0, (similarity - low) / (high - low)))


def _through(knots: list[tuple[float, float]], raw: float) -> float:
    if not knots:
        return max(0.0, min(5.0, raw))
    xs = [x for x, _ in knots]
    ys = [y for _, y in knots]
    if raw <= xs[0]:
        value = ys[0]
    elif raw >= xs[-1]:
        value = ys[-1]
    else:
        i = bisect.bisect_right(xs, raw)
        x0, x1, y0, y1 = xs[i - 1], xs[i], ys[i - 1], ys[i]
        value = y0 if x1 == x0 else y0 + (y1 - y0) * (raw - x0) / (x1 - x0)
    return max(0.0, min(5.0, value))


@lru_cache(maxsize=1)
def calibration() -> Calibration:
    """The fitted calibration; the documented defaults when no fit has been stored."""
    if CALIBRATION_FILE.is_file():
        return Calibration.model_validate_json(CALIBRATION_FILE.read_text(encoding="utf-8"))
    return Calibration()
