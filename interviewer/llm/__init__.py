"""Model backends behind one protocol."""

from interviewer.llm.base import Backend, BaseBackend, Message
from interviewer.llm.offline import OfflineBackend

__all__ = ["Backend", "BaseBackend", "Message", "OfflineBackend"]
