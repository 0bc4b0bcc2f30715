"""interviewer: rubric-driven mock interviews for machine-learning engineer candidates."""

__version__ = "0.1.0"
