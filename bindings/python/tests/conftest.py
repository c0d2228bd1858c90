"""Shared fixtures: the repository root, the CLI and the C library of this checkout."""

from __future__ import annotations

import os
import pathlib

import pytest

HERE = pathlib.Path(__file__).resolve().parent
ROOT = pathlib.Path(os.environ.get("BAYESKIT_ROOT", HERE.parents[2]))


@pytest.fixture(scope="session")
def root() -> pathlib.Path:
    return ROOT


@pytest.fixture(scope="session")
def cli() -> str:
    """The bayeskit CLI (make py-test builds it; set BAYESKIT_CLI to use another)."""
    path = os.environ.get("BAYESKIT_CLI", str(ROOT / "target" / "debug" / "bayeskit"))
    if not os.path.exists(path):
        pytest.fail(f"the CLI is missing at {path}: run `make py-test` (or cargo build -p bayeskit-cli)")
    return path


@pytest.fixture(scope="session")
def libdir() -> pathlib.Path:
    """Where libbayeskit.so is (make py-test builds it)."""
    d = pathlib.Path(os.environ.get("BAYESKIT_LIBDIR", str(ROOT / "target" / "debug")))
    if not (d / "libbayeskit.so").exists():
        pytest.fail(f"libbayeskit.so is missing in {d}: run `make py-test` (or make lib)")
    return d
