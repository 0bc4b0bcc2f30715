"""Saved transcripts and progress."""

from interviewer.store.store import SessionSummary, Store, TopicProgress

__all__ = ["SessionSummary", "Store", "TopicProgress"]
