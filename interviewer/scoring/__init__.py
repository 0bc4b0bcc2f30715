"""Scoring answers against rubrics."""

from interviewer.scoring.models import Assessment, Coverage, Evidence, KeyPointVerdict, Scorer
from interviewer.scoring.rubric import RubricScorer

__all__ = ["Assessment", "Coverage", "Evidence", "KeyPointVerdict", "RubricScorer", "Scorer"]
