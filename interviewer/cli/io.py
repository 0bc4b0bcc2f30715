"""Reading answers from a terminal, a pipe or a file, whatever bytes arrive."""

from __future__ import annotations

from typing import BinaryIO

MULTILINE_FENCE = '"""'


class AnswerReader:
    """Reads one answer at a time.

    An answer ends at an empty line (press Enter twice). Between two lines of three
    double quotes, empty lines are kept, for pasting paragraphs or code. Bytes that are
    not UTF-8 are replaced rather than crashing the session.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def _line(self) -> str | None:
        raw = self._stream.readline()
        if not raw:
            return None
        return raw.decode("utf-8", errors="replace").rstrip("\r\n")

    def read(self) -> str | None:
        """The next answer or command; None at end of input."""
        lines: list[str] = []
        fenced = False
        while True:
            line = self._line()
            if line is None:
                return "\n".join(lines) if lines else None
            if line.strip() == MULTILINE_FENCE:
                if fenced:
                    return "\n".join(lines)
                fenced = True
                continue
            if fenced:
                lines.append(line)
                continue
            if not line.strip():
                if lines:
                    return "\n".join(lines)
                continue
            if not lines and line.strip().startswith("/"):
                return line.strip()
            lines.append(line)
