"""Data access for the web app: every query lives here, views only call these.

Functions take the database session as the keyword-only ``session=`` argument
and scope learner data by the user they are given, so one learner's progress
never leaks into another's page.
"""

from collections.abc import Iterator, MutableMapping
from typing import Any

from sqlalchemy import CursorResult, Executable, Integer, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import ReturnTypeFromArgs
from sqlmodel import Session


def constant(value: int):
    """An integer written into the SQL text rather than sent as a parameter. For the constants of
    statements that run on every request: PostgreSQL plans a prepared statement once for all
    parameter values, and a state or limit it cannot see makes that plan walk whole tables."""
    return literal_column(str(int(value)), Integer)


class least(ReturnTypeFromArgs):
    """The smallest of its (non-NULL) arguments: ``least`` on PostgreSQL, ``min`` on SQLite."""

    inherit_cache = True


class greatest(ReturnTypeFromArgs):
    """The largest of its (non-NULL) arguments: ``greatest`` on PostgreSQL, ``max`` on SQLite."""

    inherit_cache = True


@compiles(least, "sqlite")
def _least_on_sqlite(element, compiler, **kw) -> str:
    return f"min({compiler.process(element.clauses, **kw)})"


@compiles(greatest, "sqlite")
def _greatest_on_sqlite(element, compiler, **kw) -> str:
    return f"max({compiler.process(element.clauses, **kw)})"


class CompiledOnce(MutableMapping):
    """SQLAlchemy's ``compiled_cache`` for one statement built once, at import time.

    SQLAlchemy finds a statement's compiled SQL in its cache by the statement's cache key: a
    tuple as big as the statement, hashed anew on every execution (the study view's takes longer
    to hash than many small statements take to run). Here the few keys one statement meets (one
    per database dialect and set of parameter names) sit in a short list and are compared
    instead: the key of a statement object is made once and kept, so comparing it with itself
    stops at identity. A key equal to a kept one still finds it; the oldest goes past ``size``."""

    def __init__(self, size: int = 4) -> None:
        self._entries: list[tuple[Any, Any]] = []
        self._size = size

    def __getitem__(self, key: Any) -> Any:
        for kept, compiled in self._entries:
            if kept == key:
                return compiled
        raise KeyError(key)

    def __setitem__(self, key: Any, compiled: Any) -> None:
        entries = [(kept, value) for kept, value in self._entries if kept != key]
        del entries[:len(entries) + 1 - self._size]
        self._entries = [*entries, (key, compiled)]

    def __delitem__(self, key: Any) -> None:
        before = len(self._entries)
        self._entries = [(kept, value) for kept, value in self._entries if kept != key]
        if len(self._entries) == before:
            raise KeyError(key)

    def __iter__(self) -> Iterator[Any]:
        return iter([kept for kept, _ in self._entries])

    def __len__(self) -> int:
        return len(self._entries)


class Prebuilt:
    """A statement built once and run on many requests, with its own ``CompiledOnce`` cache."""

    __slots__ = ("_options", "statement")

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._options = {"compiled_cache": CompiledOnce()}

    def run(self, session: Session, parameters: dict[str, Any]) -> CursorResult:
        """Run on the session's connection: plain rows, past the ORM's execution layer."""
        return session.connection().execute(self.statement, parameters, execution_options=self._options)
