"""Hand-overs read the interventions in episode order; the order is checked, not assumed.

The pairs themselves (and that two episodes of a case never hand over to each other)
are tested on a hand-made store in ``test_integrality.py``.
"""

from __future__ import annotations

import pandas as pd
import pytest

from ipgar_metrics.metrics.casework._integrality import _in_episode_order


def _frame(rows):
    return pd.DataFrame(rows, columns=["case_id", "episode", "seq"])


@pytest.mark.parametrize(
    ("rows", "ordered"),
    [
        ([], True),
        ([("a", 1, 1)], True),
        ([("a", 1, 1), ("a", 1, 2), ("a", 2, 1), ("ab", 1, 5), ("b", 1, 1)], True),
        ([("a", 1, 2), ("a", 1, 2)], True),  # equal rows keep their order
        ([("a", 1, 2), ("a", 1, 1)], False),  # seq back within an episode
        ([("a", 2, 1), ("a", 1, 5)], False),  # episode back within a case
        ([("b", 1, 1), ("a", 2, 9)], False),  # case back, whatever follows
        ([("a", 1, 1), ("B", 1, 1)], False),  # "B" sorts before "a"
    ],
)
def test_episode_order(rows, ordered):
    assert _in_episode_order(_frame(rows)) is ordered
