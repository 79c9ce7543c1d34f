"""metrics._episodes.in_key_order: sorted or not, as sort_values would sort."""

import numpy as np
import pandas as pd
import pytest

from ipgar_metrics.metrics._episodes import in_key_order


def random_frame(rng: np.random.Generator, n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "period": rng.choice(["before", "after"], n),
            "case_id": rng.choice(["C1", "C10", "C2", "Cé", "c1"], n),
            "episode": rng.integers(1, 3, n),
        }
    )


@pytest.mark.parametrize("seed", range(200))
def test_in_key_order_says_what_a_stable_sort_would_change(seed):
    rng = np.random.default_rng(seed)
    frame = random_frame(rng, int(rng.integers(0, 8)))
    keys, desc = ["period", "case_id", "episode"], ["period"]
    if seed % 2:  # half of the frames sorted first
        frame = frame.sort_values(keys, ascending=[False, True, True], kind="stable")
    done = frame.sort_values(keys, ascending=[False, True, True], kind="stable")
    expected = frame.reset_index(drop=True).equals(done.reset_index(drop=True))
    assert in_key_order(frame, keys, descending=desc) == expected


def test_ties_are_in_order_and_a_missing_text_is_not():
    tied = pd.DataFrame({"case_id": ["A", "A"], "seq": [2, 2]})
    assert in_key_order(tied, ["case_id", "seq"])
    assert not in_key_order(tied.assign(seq=[3, 2]), ["case_id", "seq"])
    missing = pd.DataFrame({"case_id": ["A", None], "seq": [1, 2]})
    assert not in_key_order(missing, ["case_id", "seq"])
