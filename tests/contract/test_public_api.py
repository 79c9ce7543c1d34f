"""The public API: every re-exported name resolves, and ``ipgar --help`` stays light."""

from __future__ import annotations

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
