"""No module shares a name with a public function, so no import order can shadow one.

The trap: a module ``ingest/load.py`` next to a function ``load`` exported by
``ingest/__init__.py``. Once anything runs ``import ipgar_metrics.ingest.load``, the
import system sets the attribute ``ipgar_metrics.ingest.load`` to the *module*, and
``from ipgar_metrics.ingest import load`` (or the lazy ``ipgar_metrics.load``) hands a
notebook a module instead of the function, depending on what was imported first. The
package avoids it by naming: modules inside a family are ``_private`` and no public
module is named like a public function (``docs/architecture.md``).

1. Walk every module of the package (``pkgutil.walk_packages``) and fail when a
   module's own name (one without a leading underscore) equals a public name of its
   parent package (``__all__``) or of ``ipgar_metrics`` (``_EXPORTS``).
2. Import every module, then read every public name of every package, and of
   ``ipgar_metrics``: none may be a module (``__all__`` also holds a few constants),
   and every ``_EXPORTS`` name must resolve to a callable.
3. The same two checks find the trap in a small package built in the test, so they
   are known to look at the right thing.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import types
from pathlib import Path

import pytest

import ipgar_metrics


def _module_names(package: types.ModuleType) -> list[str]:
    """Every module and subpackage under ``package`` (``__main__`` is not imported)."""
    return [
        info.name
        for info in pkgutil.walk_packages(
            package.__path__, prefix=f"{package.__name__}."
        )
        if not info.name.endswith(".__main__")
    ]


def _public_names(package: types.ModuleType) -> set[str]:
    """What a package promises: its ``__all__``, and ``_EXPORTS`` at the top level."""
    names = set(getattr(package, "__all__", ()))
    names |= set(getattr(package, "_EXPORTS", {}))
    return names - {"__version__"}


def shadowing_names(package: types.ModuleType) -> list[str]:
    """Modules named like a public name of their parent package or of ``package``."""
    top = _public_names(package)
    found = []
    for name in _module_names(package):
        parent_name, _, own = name.rpartition(".")
        if own.startswith("_"):
            continue
        parent = importlib.import_module(parent_name)
        if own in _public_names(parent) or own in top:
            found.append(name)
    return found


def modules_where_functions_were_promised(package: types.ModuleType) -> list[str]:
    """Import every module first, then read every public name: none may be a module."""
    names = _module_names(package)
    for name in names:
        importlib.import_module(name)
    found = []
    for pkg_name in [package.__name__, *names]:
        pkg = sys.modules[pkg_name]
        if not hasattr(pkg, "__path__"):
            continue
        for public in sorted(_public_names(pkg)):
            value = getattr(pkg, public)
            if isinstance(value, types.ModuleType):
                found.append(f"{pkg_name}.{public} is {value!r}")
    return found


# -- the package ---------------------------------------------------------------


def test_the_walk_sees_the_families():
    names = set(_module_names(ipgar_metrics))
    assert {
        "ipgar_metrics.store",
        "ipgar_metrics.ingest._load",
        "ipgar_metrics.metrics._episodes",
        "ipgar_metrics.metrics.paths._pm4py",
        "ipgar_metrics.report.sections",
        "ipgar_metrics.cli._main",
    } <= names
    assert len(names) > 60


def test_no_module_is_named_like_a_public_name():
    assert shadowing_names(ipgar_metrics) == []


def test_public_names_stay_functions_after_every_import():
    assert modules_where_functions_were_promised(ipgar_metrics) == []


@pytest.mark.parametrize("name", sorted(ipgar_metrics._EXPORTS))
def test_every_export_is_callable_after_all_imports(name):
    for module in _module_names(ipgar_metrics):
        importlib.import_module(module)
    value = getattr(ipgar_metrics, name)
    assert not isinstance(value, types.ModuleType), f"ipgar_metrics.{name} is a module"
    assert callable(value)
    # ``from ipgar_metrics import name`` (a notebook's import) gets the same object.
    namespace: dict[str, object] = {}
    exec(f"from ipgar_metrics import {name}", namespace)
    assert namespace[name] is value


# -- the checks find the trap --------------------------------------------------


@pytest.fixture
def trap_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """``trappkg``, the old flat layout: ``_EXPORTS`` sends ``load`` to ``load.py``."""
    root = tmp_path / "trappkg"
    (root / "fam").mkdir(parents=True)
    (root / "__init__.py").write_text(
        "import importlib\n"
        "_EXPORTS = {'load': 'load', 'clean': 'fam'}\n"
        "__all__ = list(_EXPORTS)\n"
        "def __getattr__(name):\n"
        "    value = getattr(importlib.import_module('trappkg.' + _EXPORTS[name]), name)\n"
        "    globals()[name] = value\n"
        "    return value\n",
        encoding="utf-8",
    )
    (root / "load.py").write_text("def load():\n    return 2\n", encoding="utf-8")
    (root / "fam" / "__init__.py").write_text(
        "from trappkg.fam._clean import clean\n__all__ = ['clean']\n",
        encoding="utf-8",
    )
    (root / "fam" / "_clean.py").write_text(
        "def clean():\n    return 1\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module("trappkg")
    for name in [m for m in sys.modules if m.split(".")[0] == "trappkg"]:
        del sys.modules[name]


def test_the_name_check_finds_a_module_named_like_a_public_name(trap_package):
    assert shadowing_names(trap_package) == ["trappkg.load"]


def test_the_import_check_finds_the_module_in_place_of_the_function(trap_package):
    found = modules_where_functions_were_promised(trap_package)
    assert found == [f"trappkg.load is {sys.modules['trappkg.load']!r}"]
    # What a notebook would have got after any import of the module path:
    from trappkg import load

    assert isinstance(load, types.ModuleType)
