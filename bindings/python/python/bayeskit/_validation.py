"""Input checks shared by the modules: numpy in, contiguous arrays of the native
types out, with clear errors (InvalidArgumentError) before any work is done."""

from __future__ import annotations

from typing import Any

import numpy as np

from ._errors import InvalidArgumentError


def f64_1d(x: Any, name: str) -> np.ndarray:
    """A C-contiguous float64 vector (copied when not already one)."""
    try:
        a = np.asarray(x, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise InvalidArgumentError(f"{name} must be numbers, got {x!r:.60}") from e
    if a.ndim == 0:
        a = a.reshape(1)
    if a.ndim != 1:
        raise InvalidArgumentError(f"{name} must be one-dimensional, got shape {a.shape}")
    return np.ascontiguousarray(a)


def finite_1d(x: Any, name: str) -> np.ndarray:
    """:func:`f64_1d`, all values finite."""
    a = f64_1d(x, name)
    if not np.all(np.isfinite(a)):
        i = int(np.flatnonzero(~np.isfinite(a))[0])
        raise InvalidArgumentError(f"{name}[{i}] must be finite, got {a[i]}")
    return a


def counts_2d(counts: Any, name: str = "counts") -> np.ndarray:
    """Counts as a C-contiguous uint64 matrix.

    Any integer dtype is accepted; booleans, floats (even integral ones), objects
    and negative values are rejected. A non-contiguous array or another integer
    dtype is copied."""
    a = np.asarray(counts)
    if a.dtype.kind not in "iu":
        raise InvalidArgumentError(
            f"{name} must be an array of integers, got dtype {a.dtype}"
            + (" (round and cast explicitly, e.g. .astype(np.int64))" if a.dtype.kind == "f" else "")
        )
    if a.ndim != 2:
        raise InvalidArgumentError(f"{name} must be two-dimensional (rows x categories), got shape {a.shape}")
    if a.dtype.kind == "i" and a.size and a.min() < 0:
        r, c = np.argwhere(a < 0)[0]
        raise InvalidArgumentError(f"{name}[{r}, {c}] = {a[r, c]} is negative")
    return np.ascontiguousarray(a, dtype=np.uint64)


def weights_1d(w: Any, n: int, name: str = "weights") -> np.ndarray | None:
    """Optional row weights: n finite values >= 0."""
    if w is None:
        return None
    a = finite_1d(w, name)
    if a.shape[0] != n:
        raise InvalidArgumentError(f"{name} has {a.shape[0]} values for {n} rows")
    if np.any(a < 0):
        i = int(np.flatnonzero(a < 0)[0])
        raise InvalidArgumentError(f"{name}[{i}] = {a[i]} is negative")
    return a


def counts_1d(counts: Any, name: str = "counts") -> np.ndarray:
    """Counts as a C-contiguous uint64 vector, with the rules of :func:`counts_2d`
    (any integer dtype; booleans, floats, objects and negative values rejected).
    An empty sequence (float64 to numpy) is an empty vector."""
    a = np.asarray(counts)
    if a.size == 0 and a.ndim == 1 and a.dtype.kind == "f":
        a = a.astype(np.uint64)
    if a.dtype.kind not in "iu":
        raise InvalidArgumentError(
            f"{name} must be an array of integers, got dtype {a.dtype}"
            + (" (round and cast explicitly, e.g. .astype(np.int64))" if a.dtype.kind == "f" else "")
        )
    if a.ndim != 1:
        raise InvalidArgumentError(f"{name} must be one-dimensional (one value per row), got shape {a.shape}")
    if a.dtype.kind == "i" and a.size and a.min() < 0:
        i = int(np.flatnonzero(a < 0)[0])
        raise InvalidArgumentError(f"{name}[{i}] = {a[i]} is negative")
    return np.ascontiguousarray(a, dtype=np.uint64)


def same_length(a: np.ndarray, b: np.ndarray, name_a: str, name_b: str) -> None:
    """Two per-row vectors of one length."""
    if a.shape[0] != b.shape[0]:
        raise InvalidArgumentError(f"{name_b} has {b.shape[0]} values for {a.shape[0]} {name_a}")


def int_arg(v: Any, name: str, minimum: int = 0) -> int:
    """A Python or numpy integer (not a bool) >= ``minimum``."""
    if isinstance(v, (bool, np.bool_)) or not isinstance(v, (int, np.integer)):
        raise InvalidArgumentError(f"{name} must be an int, got {v!r}")
    if v < minimum:
        raise InvalidArgumentError(f"{name} must be >= {minimum}, got {v}")
    return int(v)
