"""The bootstrap's resample counts: a multinomial draw per replicate."""

from math import comb

import numpy as np
import pytest

from ipgar_metrics.metrics.evaluate._stats import (
    _RANK_BLOCK,
    _Resampled,
    bootstrap_differences,
    resample_counts,
)


def test_each_row_draws_as_many_units_as_there_are():
    w = resample_counts(np.random.default_rng(0), 17, 500)
    assert w.shape == (500, 17)
    assert (w.sum(axis=1) == 17).all()
    assert (w >= 0).all()


def test_counts_follow_multinomial_n_one_over_n():
    # a unit's count in a resample of 3 from 3 is Binomial(3, 1/3)
    w = resample_counts(np.random.default_rng(1), 3, 200_000)
    pmf = [comb(3, k) * (1 / 3) ** k * (2 / 3) ** (3 - k) for k in range(4)]
    for unit in range(3):
        freq = np.bincount(w[:, unit], minlength=4) / len(w)
        assert freq == pytest.approx(pmf, abs=0.005)
    # two units compete for the draws: covariance -n p q = -3 (1/3)(1/3)
    assert np.cov(w[:, 0], w[:, 1])[0, 1] == pytest.approx(-1 / 3, abs=0.01)


def test_seeded():
    a = resample_counts(np.random.default_rng(5), 9, 4)
    b = resample_counts(np.random.default_rng(5), 9, 4)
    assert np.array_equal(a, b)


@pytest.mark.parametrize(
    ("n_before", "n_after", "whole"),
    [
        (1, 1, False),
        (2, 3, True),
        (7, 10, False),
        (57, 91, True),
        (400, 333, False),
        (401, 1200, True),  # counted replicates (above SORTED_REPLICATES_UP_TO)
        (350, 900, False),  # one period sorted, the other counted
    ],
)
def test_bootstrap_differences_are_numpys_statistics_of_the_replicates(
    n_before, n_after, whole
):
    """The same numbers as np.mean and np.quantile of each gathered replicate.

    The reference draws as the function does (per chunk, the before period first)
    and computes the statistics the direct way; ties (whole days) and periods of one
    or two values included, so both branches of numpy's interpolation are met.
    """
    rng = np.random.default_rng(n_before)
    before, after = rng.exponential(30, n_before), rng.exponential(25, n_after)
    if whole:
        before, after = np.round(before), np.round(after)
    n_boot, chunk, seed = 600, 250, 4
    draw = np.random.default_rng(seed)
    diffs: dict[str, list[float]] = {"mean": [], "median": [], "p90": []}
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        b = before[draw.integers(0, n_before, (size, n_before))]
        a = after[draw.integers(0, n_after, (size, n_after))]
        diffs["mean"] += list(a.mean(axis=1) - b.mean(axis=1))
        for name, q in (("median", 0.5), ("p90", 0.9)):
            diffs[name] += list(np.quantile(a, q, axis=1) - np.quantile(b, q, axis=1))
    expected = {k: tuple(np.quantile(v, [0.025, 0.975])) for k, v in diffs.items()}
    got = bootstrap_differences(before, after, n_boot=n_boot, seed=seed, chunk=chunk)
    assert got == expected


@pytest.mark.parametrize(("size", "rows"), [(300, 700), (3000, 70)])
def test_counts_in_blocks_are_each_rows_draws_counted(size, rows):
    """Short rows in several blocks, and long rows one by one: each row's draws counted."""
    got = resample_counts(np.random.default_rng(9), size, rows)
    drawn = np.random.default_rng(9).integers(0, size, (rows, size))
    expected = np.stack([np.bincount(row, minlength=size) for row in drawn])
    assert np.array_equal(got, expected)


@pytest.mark.parametrize("n", [3 * _RANK_BLOCK, 3 * _RANK_BLOCK + 5])
def test_order_statistics_are_read_from_the_running_count(n):
    """Every order statistic is where a running count over every rank puts it.

    The counts are zero over whole blocks and at the blocks' edges, and pile up on
    the last rank of a block, so that the k-th smallest falls on a block's first and
    last rank, and just past a block whose running sum equals k.
    """
    sample = _Resampled(np.arange(n, dtype=float))
    counts = np.zeros(n, dtype=np.int64)
    counts[_RANK_BLOCK - 1] = 7  # the last rank of the first block
    counts[_RANK_BLOCK + 1 : 2 * _RANK_BLOCK - 1] = 1  # the edges of the second stay 0
    counts[2 * _RANK_BLOCK] = 3  # the first rank of the third block
    counts[-1] = n - counts.sum()  # n draws in all
    running = np.cumsum(counts)
    for k in range(n):
        sample.ranks = np.array([k])
        expected = np.searchsorted(running, k, side="right")
        assert sample.order_statistics(counts)[0] == expected, k
