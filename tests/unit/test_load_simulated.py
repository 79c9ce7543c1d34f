"""The simulator's export loads completely except its documented faults."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import privacy, store
from ipgar_metrics.ingest._load import load
from ipgar_metrics.metrics.quality._report import quality_report

simulate = pytest.importorskip("ipgar_metrics.simulation._simulator").simulate
KEY = b"simulated-export-test-key-0123"
AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    out = tmp_path_factory.mktemp("sim")
    result = simulate(cases=300, seed=3, out_dir=out, as_of=AS_OF)
    db = out / "store.duckdb"
    loaded = load(
        [out / "export.csv"],
        mapping=out / "mapping.toml",
        db=db,
        key=KEY,
        export_date=AS_OF,
    )
    return result, out, db, loaded


def test_every_event_loads_except_the_faults(sim):
    result, out, db, r = sim
    kinds = {f["kind"]: f for f in result.faults}
    assert set(kinds) == {
        "duplicate_row",
        "missing_timestamp",
        "activity_typo",
        "future_date",
        "out_of_order",
    }
    assert r.rows_read == result.n_export_rows
    assert r.duplicates_skipped == 1
    rejected = dict(zip(r.rejects["row"], r.rejects["reason_code"], strict=True))
    assert rejected == {
        kinds["missing_timestamp"]["row"]: "missing_timestamp",
        kinds["activity_typo"]["row"]: "unknown_activity",
        kinds["future_date"]["row"]: "future_date",
    }
    canonical = pd.read_csv(out / "events.csv", dtype=str)
    # the store holds every true event except the three rejected ones
    con = store.connect(db)
    n = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    ids = set(con.execute("SELECT event_id FROM events").df()["event_id"])
    con.close()
    assert n == len(canonical) - 3
    lost = {
        privacy.pseudonym(kinds[k]["event_id"], KEY, kind="event")
        for k in ("missing_timestamp", "activity_typo", "future_date")
    }
    expected = {
        privacy.pseudonym(e, KEY, kind="event") for e in canonical["event_id"]
    } - lost
    assert ids == expected


def test_out_of_order_fault_in_quality_report(sim):
    result, _, db, _ = sim
    fault = next(f for f in result.faults if f["kind"] == "out_of_order")
    con = store.connect(db)
    report = quality_report(con)
    con.close()
    row = report[report["check"] == "out_of_order"].iloc[0]
    assert privacy.pseudonym(fault["case_id"], KEY) in row["examples"]
    typo = report[report["check"] == "label_typo"].iloc[0]
    # the misspelt label as its shape only (it could be a name), the known label in full
    assert 'shape Aaaaaaa -> "Contact"' in typo["examples"]
    assert "Contcat" not in typo["examples"]


def test_excel_export_gives_the_same_store(sim, tmp_path):
    _, out, _, r = sim
    if not (out / "export.xlsx").exists():
        pytest.skip("the simulator wrote no Excel export")
    x = load(
        [out / "export.xlsx"],
        mapping=out / "mapping.toml",
        db=tmp_path / "x.duckdb",
        key=KEY,
        export_date=AS_OF,
    )
    assert (x.rows_read, x.rows_loaded, x.snapshot_id) == (
        r.rows_read,
        r.rows_loaded,
        r.snapshot_id,
    )


def test_case_attributes_are_mapped(sim):
    _, out, db, _ = sim
    canonical = pd.read_csv(out / "events.csv", dtype=str)
    expected = canonical.drop_duplicates("case_id").set_index("case_id")
    con = store.connect(db)
    cases = con.execute("SELECT * FROM cases").df().set_index("case_id")
    con.close()
    assert len(cases) == len(expected)
    for raw, attrs in expected.head(20).iterrows():
        got = cases.loc[privacy.pseudonym(raw, KEY)]
        assert (got["report_source"], got["risk_category"], got["ideology"]) == (
            attrs["report_source"],
            attrs["risk_category"],
            attrs["ideology"],
        )


def test_no_raw_identifier_in_the_store_file(sim):
    _, out, db, r = sim
    canonical = pd.read_csv(out / "events.csv", dtype=str)
    raw_ids = set(canonical["case_id"]) | set(canonical["event_id"].dropna())
    raw_ids |= set(canonical["case_manager"].dropna())
    data = db.read_bytes()  # the store was checkpointed and closed by load()
    text = r.rejects.to_csv() + r.summary()
    found = [x for x in raw_ids if len(x) >= 4 and (x.encode() in data or x in text)]
    assert found == []
