"""``ipgar demo`` loads relations when the simulated folder holds them (issue 19).

The demo's load step (``cli._demo._load``: events, then relations) runs as the demo
runs it, without the report that follows it (tested elsewhere, and slow).

The relations export is written here by hand into the simulated folder (two persons of
the simulated export and one person it does not hold); when the simulator writes its
own ``relations.csv`` the demo's run replaces it, so the expected relations are
counted after the run, on the file the demo read: rows whose two persons are cases of
the simulated export, pseudonymised with the demo key by ``privacy.pseudonym``.
"""

from __future__ import annotations

import argparse
import csv
import re
import tomllib
from pathlib import Path

from ipgar_metrics import privacy, store
from ipgar_metrics.cli._demo import DEMO_DPIA, DEMO_KEY_NAME, _counted, _load
from ipgar_metrics.cli._progress import Progress
from ipgar_metrics.simulation._simulator import simulate

CASES, SEED = 40, 7


def case_ids(sim: Path) -> list[str]:
    """The raw case ids of the simulated export, in the order they first appear."""
    mapping = tomllib.loads((sim / "mapping.toml").read_text(encoding="utf-8"))
    header = next(h for h, c in mapping["columns"].items() if c == "case_id")
    with (sim / "export.csv").open(encoding="utf-8-sig", newline="") as fh:
        ids = [row[header] for row in csv.DictReader(fh, delimiter=";")]
    return list(dict.fromkeys(ids))


def test_demo_enables_relations_and_loads_them(tmp_path, capsys):
    sim, db = tmp_path / "sim", tmp_path / "demo.duckdb"
    files = simulate(CASES, SEED, sim).files
    ids = case_ids(sim)
    (sim / "relations.csv").write_text(
        "case_id_a,case_id_b,relation,start,end\n"
        f"{ids[0]},{ids[1]},vriend,2023-01-01,\n"
        f"{ids[1]},NIET-IN-DE-AANPAK-1,familie,2023-01-01,\n",
        encoding="utf-8",
    )
    _load(argparse.Namespace(db=db, sim_dir=sim), files, Progress())
    out = capsys.readouterr().out
    assert f"relations enabled on the demo store (DPIA {DEMO_DPIA})" in out
    # the load line counts in words that agree with the number ("1 duplicate")
    found = re.search(r"\((\d+) rejected, (\d+) (duplicates?);", out)
    assert found is not None, out
    assert found[3] == ("duplicate" if found[2] == "1" else "duplicates")
    key = privacy.read_key_file(sim / DEMO_KEY_NAME)
    known = set(case_ids(sim))
    with (sim / "relations.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    expected = {
        tuple(sorted(privacy.pseudonym(r[c], key) for c in ("case_id_a", "case_id_b")))
        for r in rows
        if r["case_id_a"] in known and r["case_id_b"] in known
    }
    assert expected
    with store.connect(db) as con:
        pairs = set(con.execute("SELECT case_a, case_b FROM relations").fetchall())
        dpia = con.execute(
            "SELECT value FROM settings WHERE key = 'relations_dpia'"
        ).fetchall()
    assert pairs == expected
    assert dpia == [(DEMO_DPIA,)]


def test_counts_agree_with_their_noun():
    assert [_counted(n, "duplicate") for n in (0, 1, 2)] == [
        "0 duplicates",
        "1 duplicate",
        "2 duplicates",
    ]
