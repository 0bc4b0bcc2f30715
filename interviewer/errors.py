"""One exception hierarchy, so every surface can map expected failures to a clear message.

The CLI turns an `InterviewerError` into one red line and an exit code; the HTTP API turns
it into an RFC 9457 problem response. Anything else is a bug and may show a traceback.
"""

from __future__ import annotations


class InterviewerError(Exception):
    """Base class of every failure a user can act on."""

    exit_code: int = 1
    http_status: int = 400
    title: str = "Interviewer error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\nHint: {self.hint}"


class ConfigError(InterviewerError):
    """A setting or config file is invalid."""

    exit_code = 2
    title = "Invalid configuration"


class BankError(InterviewerError):
    """The question bank could not be loaded or a question does not exist."""

    title = "Question bank error"


class QuestionNotFound(BankError):
    http_status = 404
    title = "Question not found"


class PlanError(InterviewerError):
    """The requested interview plan cannot be built from the bank (no matching questions...)."""

    exit_code = 2
    title = "Invalid interview plan"


class EvalDataError(InterviewerError):
    """A graded file for `interviewer eval` cannot be read (missing field, bad JSON...)."""

    exit_code = 2
    http_status = 422
    title = "Invalid graded data"


class SemanticModelMissing(InterviewerError):
    """The sentence-embedding model (or its runtime) is not installed or cannot be read."""

    http_status = 503
    title = "Sentence-embedding model unavailable"


class AnswerError(InterviewerError):
    """An answer was rejected (too long, wrong state)."""

    http_status = 422
    title = "Invalid answer"


class SessionStateError(InterviewerError):
    """The operation does not fit the session's state (for example answering a finished one)."""

    http_status = 409
    title = "Session state conflict"


class StoreError(InterviewerError):
    """The transcript database is missing, corrupt, read-only or unreachable."""

    exit_code = 3
    http_status = 503
    title = "Storage unavailable"


class SessionNotFound(StoreError):
    exit_code = 4
    http_status = 404
    title = "Session not found"


class StoryNotFound(StoreError):
    exit_code = 4
    http_status = 404
    title = "Story not found"


class BackendError(InterviewerError):
    """The language-model backend failed in a way retries could not fix."""

    exit_code = 5
    http_status = 502
    title = "Model backend error"


class BackendUnavailable(BackendError):
    """The backend cannot be used at all here (missing package, model file, server down)."""

    http_status = 503
    title = "Model backend unavailable"
