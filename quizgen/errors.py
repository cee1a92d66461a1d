"""One error type for bad input, always naming the file and the line or field."""

from __future__ import annotations

from pathlib import Path


class QuizgenError(Exception):
    """Bad input or a broken contract. ``str()`` is a single line fit for a terminal."""

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, field: str | None = None):
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]" if where else f"[{self.field}]"
        text = " ".join(self.message.split())
        return f"{where}: {text}" if where else text
