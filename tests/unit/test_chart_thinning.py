"""A long step curve is thinned for the report without changing what it shows."""

import numpy as np
import pandas as pd

from ipgar_metrics.figures._steps import thin_steps


def _curve(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = np.sort(rng.exponential(10.0, n))
    y = np.linspace(1.0, 0.0, n)
    return pd.DataFrame({"weeks": x, "survival": y})


def test_short_curve_is_kept_whole():
    frame = _curve(500)
    assert thin_steps(frame, "weeks", max_points=2000) is frame


def test_long_curve_keeps_the_step_value_at_every_slice_end():
    frame = _curve(50_000)
    thin = thin_steps(frame, "weeks", max_points=1000)
    assert len(thin) <= 1001
    assert thin.iloc[0].equals(frame.iloc[0])
    assert thin.iloc[-1].equals(frame.iloc[-1])
    # every kept row is an original row
    assert thin.index.isin(frame.index).all()
    # the value a step chart shows at each kept x equals the full curve's value there
    full = frame.set_index("weeks")["survival"]
    for x, y in zip(thin["weeks"], thin["survival"], strict=True):
        assert full.loc[:x].iloc[-1] == y
