"""Every real public log through the command line, as an analyst would run it.

For each log in tests/data/public/: `ipgar load --profile generic` (the session's
load of ``tests/shared_inputs.public_store``, in a subprocess as here), then
`ipgar paths`, `ipgar dfg` and `ipgar leadtime --from A --to B`. Expected numbers
(cases, events, variants with ties in file order, and the cases that reach milestone
B) are the figures of tests/data/public/README.md, computed there with pm4py and an
independent reader.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.shared_inputs import PUBLIC_KEY, public_load_output, public_store

PUBLIC = Path(__file__).resolve().parents[1] / "data" / "public"

#: file: (cases, events, variants, from activity, to activity, cases reaching B)
LOGS = {
    "running-example.xes": (6, 42, 6, "register request", "decide", 6),
    "roadtraffic100traces.xes.gz": (100, 390, 10, "Create Fine", "Send Fine", 78),
    "receipt.xes.gz": (
        1434, 8577, 116, "Confirmation of receipt",
        "T05 Print and send confirmation of receipt", 1300,
    ),
    "helpdesk.xes.gz": (
        4580, 21348, 226, "Take in charge ticket", "Resolve ticket", 4278,
    ),
    "BPIC15_1.xes.gz": (1199, 52217, 1170, "01_HOOFD_010", "01_HOOFD_490_1", 921),
    "bpic2013_incidents.xes.gz": (7554, 65533, 1511, "Accepted", "Completed", 7544),
    "bpic2012.xes.gz": (13087, 262200, 4366, "A_SUBMITTED", "A_APPROVED", 2246),
}  # fmt: skip


def ipgar(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "IPGAR_KEY": PUBLIC_KEY}
    return subprocess.run(
        [sys.executable, "-m", "ipgar_metrics.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("name", list(LOGS))
def test_public_log_through_the_cli(name, tmp_path):
    path = PUBLIC / name
    assert path.exists(), f"{name} is missing from tests/data/public"
    cases, events, n_variants, a, b, reached = LOGS[name]
    # the load of ``ipgar load FILE --profile generic`` (the same key), made once
    # in the session for every test of the public logs; its account as it printed it
    db = public_store(name, tmp_path)
    account = public_load_output(name).replace(",", "")
    assert f"read {events} = loaded {events} " in account
    assert "rejected 0" in account

    res = ipgar("paths", "--db", db, "--min-count", "1", "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = _csv(res.stdout)
    assert len(rows) == n_variants
    assert sum(int(r["count"]) for r in rows) == cases
    assert abs(sum(float(r["share"]) for r in rows) - 1) < 1e-9

    out = tmp_path / "map.html"
    res = ipgar("dfg", "--db", db, "--out", str(out), "--min-count", "1")
    assert res.returncode == 0, res.stderr
    edges = re.search(r", (\d+) of \d+ edges\)", res.stderr)  # the note: stderr
    assert edges and int(edges.group(1)) > 0, res.stderr
    html = out.read_text(encoding="utf-8")
    assert "<svg" in html and "plotly" not in html.lower()
    assert '<script src="http' not in html  # nothing fetched

    res = ipgar("leadtime", "--db", db, "--from", a, "--to", b, "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = _csv(res.stdout)
    assert sum(r["outcome"] == "reached" for r in rows) == reached
    assert all(r["days"] == "" for r in rows if r["outcome"] == "open")
