"""The practice page's unit codes: the order of the units' texts, without the texts.

``_profile._unit_codes`` numbers each row's (group, case, episode) as
``pd.factorize`` of the joined text ``group + _SEP + case_id + _SEP + episode``
with ``sort=True`` would (the order the design effects sum in), from the parts'
own numbers. Checked against that text way directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics.metrics.practice._profile import _SEP, _unit_codes


def _by_text(frames: list[pd.DataFrame]) -> tuple[np.ndarray, np.ndarray]:
    def text(f: pd.DataFrame) -> pd.Series:
        return (
            f["group"].astype(str)
            + _SEP
            + f["case_id"].astype(str)
            + _SEP
            + f["episode"].astype(str)
        )

    joined = pd.concat([text(f) for f in frames], ignore_index=True)
    codes, uniques = pd.factorize(joined, sort=True)
    owner = np.asarray(pd.Index(uniques).str.split(_SEP).str[0], dtype=object)
    return codes, owner


def _frames(groups: list[object]) -> list[pd.DataFrame]:
    """Events and episodes whose parts sort differently as numbers and as texts."""
    rng = np.random.default_rng(3)
    n = 400
    events = pd.DataFrame(
        {
            # "a" is a prefix of "ab"; "B" sorts before "a"; 10 before 2 as text
            "case_id": rng.choice(["a", "ab", "B", "a1", "ab0"], n),
            "episode": rng.choice([1, 2, 10], n).astype("int32"),
            "group": rng.choice(np.array(groups, dtype=object), n),
        }
    )
    episodes = events.drop_duplicates(["case_id", "episode"]).iloc[::2]
    return [events, episodes]


@pytest.mark.parametrize(
    "groups",
    [
        ["politie", "ggd", "Politie", "ggd-west"],
        ["politie", None, np.nan, "ggd"],  # missing groups, as their texts
        ["politie", "ggd", "org\x01x", "org"],  # a character below the separator
        [7, 70, 8, "7"],  # numbers and text with the same text share a unit
    ],
)
def test_codes_are_the_order_of_the_joined_texts(groups):
    frames = _frames(groups)
    codes, owner = _unit_codes(frames)
    expected_codes, expected_owner = _by_text(frames)
    assert np.array_equal(codes, expected_codes)
    assert list(owner) == list(expected_owner)


def test_no_rows():
    empty = pd.DataFrame(
        {"case_id": pd.Series([], dtype=object), "episode": [], "group": []}
    )
    codes, owner = _unit_codes([empty, empty])
    assert len(codes) == 0 and len(owner) == 0
