"""Question bank: models, loading with located lint errors, and question selection."""

from interviewer.bank.bank import Bank
from interviewer.bank.models import STAR_PARTS, KeyPoint, Level, Question, RedFlag, Round, Rubric

__all__ = ["STAR_PARTS", "Bank", "KeyPoint", "Level", "Question", "RedFlag", "Round", "Rubric"]
