"""``ipgar leadtime --summary`` on small months: flags and "te weinig meldingen".

The table says "too few reports" with ``--lang en``.

The log and its hand-worked numbers are in tests/unit/test_leadtime_small_numbers.py.
"""

from __future__ import annotations

import io
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from test_leadtime_small_numbers import _rows

from ipgar_metrics import store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "small.duckdb"
    c = store.connect(path, read_only=False)
    store.insert_events(c, _rows())
    c.close()
    return path


def _cli(db, fmt, *extra):
    return subprocess.run(
        [
            sys.executable, "-m", "ipgar_metrics.cli", "leadtime", "--db", str(db),
            "--as-of", "2024-04-01", "--summary", "--by", "month", "--format", fmt,
            *extra,
        ],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "too_few"),
    [([], "te weinig meldingen"), (["--lang", "en"], "too few reports")],
    ids=["nl", "en"],
)
def test_cli_table_says_too_few_reports(db, extra, too_few):
    res = _cli(db, "table", *extra)
    assert res.returncode == 0, res.stderr
    # the stage "total" in the reader's words
    total = (
        "melding tot instroom of besluit"
        if not extra
        else "report to intake or decision"
    )
    lines = [ln for ln in res.stdout.splitlines() if ln.startswith(total)]
    by_month = {ln.removeprefix(total).split()[0]: ln for ln in lines}
    assert set(by_month) == {"2024-01", "2024-02", "2024-03"}
    assert too_few not in by_month["2024-01"]
    assert " 6.50 " in by_month["2024-01"]  # two decimals, as every float column
    for month in ("2024-02", "2024-03"):
        # median, p10, p25, p75, p90 in days and in weeks
        assert by_month[month].count(too_few) == 10, month
    other = {"te weinig meldingen", "too few reports"} - {too_few}
    assert not any(text in res.stdout for text in other)
    assert "fewer than 10 completed reports (small_n)" in res.stderr
    assert "more than 20% of their reports still open (mostly_open)" in res.stderr


def test_cli_csv_keeps_the_cells_empty_with_the_flags(db):
    res = _cli(db, "csv")
    assert res.returncode == 0, res.stderr
    got = pd.read_csv(io.StringIO(res.stdout))
    total = got[got["stage"] == "total"].set_index("month")
    assert total.loc["2024-02", "small_n"] == True  # noqa: E712
    assert total.loc["2024-01", "small_n"] == False  # noqa: E712
    assert total["mostly_open"].tolist() == [False, True, True]
    assert math.isnan(total.loc["2024-02", "median_days"])
    assert total.loc["2024-02", "mean_days"] == pytest.approx(29.0)
    assert "too few" not in res.stdout
    assert "te weinig" not in res.stdout
