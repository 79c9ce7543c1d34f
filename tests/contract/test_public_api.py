"""The public API: every re-exported name resolves, and ``ipgar --help`` stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import ipgar_metrics


@pytest.mark.parametrize("name", sorted(ipgar_metrics._EXPORTS))
def test_every_public_name_resolves(name):
    obj = getattr(ipgar_metrics, name)
    assert callable(obj)
    assert obj.__doc__, f"{name} has no docstring"


def test_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError):
        _ = ipgar_metrics.no_such_metric


def test_cli_help_imports_no_heavy_library():
    code = (
        "import sys; from ipgar_metrics.cli._main import build_parser; build_parser(); "
        "print(','.join(m for m in ('pm4py','plotly','pandas','lifelines','duckdb',"
        "'statsmodels','scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == ""
