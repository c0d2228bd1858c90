"""The one exception hierarchy of bayeskit.

Every error raised by the Rust core arrives as a subclass of :class:`BayeskitError`,
one per kind of the core's ``bayeskit::Error`` (the same kinds as the C API's
statuses; ``code`` is that status). Bad arguments are also ``ValueError``\\ s, running
out of memory is also a ``MemoryError``, and so on, so ordinary ``except`` clauses
work.

>>> import bayeskit
>>> try:
...     bayeskit.Beta(0.0, 1.0)
... except ValueError as e:
...     print(type(e).__name__, e.code, e)
InvalidArgumentError 1 invalid argument: alpha must be finite and > 0, got 0
"""

from __future__ import annotations

__all__ = [
    "BayeskitError",
    "InvalidArgumentError",
    "NoConvergenceError",
    "ParseError",
    "BayeskitIOError",
    "CorruptDataError",
    "OutOfMemoryError",
]


class BayeskitError(Exception):
    """Base of every bayeskit error. ``code`` is the C API's status of the kind
    (None for errors raised by the Python layer itself)."""

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code


class InvalidArgumentError(BayeskitError, ValueError):
    """An argument is out of range, of the wrong shape or type, or not finite."""


class NoConvergenceError(BayeskitError, ArithmeticError):
    """A numerical method could not reach its accuracy (never a silent answer)."""


class ParseError(BayeskitError, ValueError):
    """A data file is malformed (the message names the file and line)."""


class BayeskitIOError(BayeskitError, OSError):
    """A file could not be read or written."""


class CorruptDataError(BayeskitError, ValueError):
    """A model or statistics file failed its checks (CRC, sizes, values)."""


class OutOfMemoryError(BayeskitError, MemoryError):
    """An allocation sized from input failed or exceeded a documented limit."""
