"""The type stubs cover the extension module, and py.typed ships."""

from __future__ import annotations

import ast
import pathlib

import bayeskit as bk
from bayeskit import _native

PKG = pathlib.Path(bk.__file__).parent


def test_stub_names_match_the_extension_module():
    tree = ast.parse((PKG / "_native.pyi").read_text())
    stubbed = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    native = {n for n in dir(_native) if not n.startswith("_")}
    assert native == stubbed
    assert (PKG / "py.typed").exists()
