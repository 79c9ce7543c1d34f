"""The monthly family on hand-made logs; every number is worked out in the comments.

Log (timestamps 12:00, fixed offsets, so every lead time is a whole number of days),
as_of = 2025-03-01 (00:00 local), report month 2025-02:
  A: melding 2024-10-01, instroom 2024-10-03 (lead 2 d); case manager oov from
     10-03; no contact or intervention afterwards.
  B: melding 2025-02-01, instroom 2025-02-11 (lead 10 d).
  C: melding 2025-02-10, nothing after: open.
  D: melding 2024-12-01, instroom 2024-12-05 (lead 4 d); case manager oov from
     12-05; interventions ggz 2025-01-15 (not own) and oov 2025-02-05 (own);
     uitstroom 2025-02-20.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import governance, labels, store
from ipgar_metrics.errors import ConfigError
from ipgar_metrics.ingest import load, load_relations
from ipgar_metrics.metrics.monthly import (
    contact_gap_buckets,
    events_by_month,
    interventions_by_year,
    key_figures,
    loads,
    own_org_share_by_domain,
    quarterly_trend,
    rejected_rows,
    rejects,
)
from ipgar_metrics.report._model import Context, Table
from ipgar_metrics.report.sections import quality_section
from tests import dutch_export

AS_OF = date(2025, 3, 1)


def ev(case, activity, day, org=None, cm=None, outcome=None):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "life_domain": "inkomen" if activity == "interventie_start" else None,
        "outcome": outcome,
    }


@pytest.fixture(scope="module")
def con():
    rows = [
        ev("A", "melding", "2024-10-01", outcome="MAP"),
        ev("A", "instroom", "2024-10-03"),
        ev("A", "regisseur_toegewezen", "2024-10-03", org="oov", cm="M1"),
        ev("B", "melding", "2025-02-01", outcome="MAP"),
        ev("B", "instroom", "2025-02-11"),
        ev("C", "melding", "2025-02-10", outcome="MAP"),
        ev("D", "melding", "2024-12-01", outcome="MAP"),
        ev("D", "instroom", "2024-12-05"),
        ev("D", "regisseur_toegewezen", "2024-12-05", org="oov", cm="M2"),
        ev("D", "interventie_start", "2025-01-15", org="ggz"),
        ev("D", "interventie_start", "2025-02-05", org="oov"),
        ev("D", "uitstroom", "2025-02-20", outcome="overgedragen"),
    ]
    c = store.memory_store()
    store.insert_events(c, pd.DataFrame(rows))
    yield c
    c.close()


def _figures(con, **kw):
    frame = key_figures(con, as_of=AS_OF, **kw)
    return frame.set_index(["figure", "period"])


def test_key_figures_of_the_month(con):
    f = _figures(con, month="2025-02")
    # February: inflow B, outflow D; at the end A and B in the approach, none paused.
    assert f.loc[("inflow", "this"), "value"] == 1
    assert f.loc[("outflow", "this"), "value"] == 1
    assert f.loc[("stock", "this"), "value"] == 2
    assert f.loc[("active", "this"), "value"] == 2
    # Decided 2024-03..2025-02: A 2, D 4, B 10 days -> mean 16 / 3; median (4) and
    # p90 (8.8) are not given over fewer than 10 decided reports.
    assert f.loc[("lead_n", "this"), "value"] == 3
    assert f.loc[("lead_mean", "this"), "value"] == pytest.approx(16 / 3)
    assert f.loc[("lead_mean", "this"), "n"] == 3
    assert pd.isna(f.loc[("lead_median", "this"), "value"])
    assert f.loc[("lead_median", "this"), "n"] == 3
    assert pd.isna(f.loc[("lead_p90", "this"), "value"])
    # C has no decision on 03-01; no report is decided and waiting for its intake.
    assert f.loc[("open", "this"), "value"] == 1
    assert f.loc[("awaiting_intake", "this"), "value"] == 0
    # A: no contact since 2024-10-03 (149 days > 90); B 18 days. Both active.
    assert f.loc[("contact", "this"), ["value", "n"]].tolist() == [1, 2]
    # Interventions 2024-03..2025-02: ggz (not own) and oov (own) -> 1 of 2.
    assert f.loc[("own_share", "this"), ["value", "n", "num"]].tolist() == [0.5, 2, 1]


def test_key_figures_of_the_month_before_and_a_year_before(con):
    f = _figures(con, month="2025-02")
    assert (f.xs("prev", level="period")["month"] == "2025-01").all()
    # January: no inflow or outflow; A and D in the approach.
    assert f.loc[("inflow", "prev"), "value"] == 0
    assert f.loc[("stock", "prev"), "value"] == 2
    # Decided 2024-02..2025-01 as of 02-01: A 2, D 4 -> mean 3 over 2 (no median).
    assert f.loc[("lead_mean", "prev"), ["value", "n"]].tolist() == [3, 2]
    assert pd.isna(f.loc[("lead_median", "prev"), "value"])
    assert f.loc[("open", "prev"), "value"] == 0
    # On 02-01: A 121 days without contact (over), D 17 days since its intervention.
    assert f.loc[("contact", "prev"), ["value", "n"]].tolist() == [1, 2]
    # Interventions 2024-02..2025-01: only ggz, not own.
    assert f.loc[("own_share", "prev"), ["value", "n", "num"]].tolist() == [0, 1, 0]
    # February 2024: before the first instroom, nothing to count.
    assert pd.isna(f.loc[("stock", "year"), "value"])
    assert f.loc[("own_share", "year"), ["n", "num"]].tolist() == [0, 0]
    assert pd.isna(f.loc[("own_share", "year"), "value"])


def test_key_figures_default_month_and_an_unfinished_month(con):
    by_default = key_figures(con, as_of=AS_OF)
    assert set(by_default.loc[by_default["period"] == "this", "month"]) == {"2025-02"}
    assert by_default.attrs["ipgar"]["params"]["month"] == "2025-02"
    with pytest.raises(ConfigError, match="has not ended"):
        key_figures(con, as_of=AS_OF, month="2025-03")


def test_quarterly_trend_leaves_out_quarters_with_many_open(con):
    q = quarterly_trend(con, as_of=AS_OF)
    # 2024Q4: A 2 and D 4 days -> median 3; 2025Q1: B closed, C open -> 1 of 2 open
    # (50% > 10%): left out.
    assert q["quarter"].tolist() == ["2024Q4"]
    assert q[["n", "n_open", "median_days"]].iloc[0].tolist() == [2, 0, 3]
    kept = quarterly_trend(con, as_of=AS_OF, open_share_max=0.5)
    assert kept["quarter"].tolist() == ["2024Q4", "2025Q1"]
    assert kept[["n", "n_open", "median_days"]].iloc[1].tolist() == [1, 1, 10]
    # One quarter back from 2025-02-28 is 2025Q1 only.
    last = quarterly_trend(con, as_of=AS_OF, quarters=1, open_share_max=0.5)
    assert last["quarter"].tolist() == ["2025Q1"]


def test_own_org_share_by_domain(con):
    d = own_org_share_by_domain(con, as_of=AS_OF).set_index("domain")
    assert d.index.tolist() == ["veiligheid", "zorg", "sociaal", "specialist"]
    # oov (veiligheid) by D's own organisation oov; ggz (zorg) not; none elsewhere.
    assert d.loc["veiligheid", ["interventions", "own", "with_manager"]].tolist() == [
        1,
        1,
        1,
    ]
    assert d.loc["veiligheid", "own_org_share"] == 1
    assert d.loc["zorg", ["interventions", "own", "own_org_share"]].tolist() == [
        1,
        0,
        0,
    ]
    assert d.loc["sociaal", "interventions"] == 0
    assert pd.isna(d.loc["sociaal", "own_org_share"])


def test_contact_gap_buckets(con):
    b = contact_gap_buckets(con, as_of=AS_OF)
    # 4 buckets x 4 statuses, every cell; A 149 days (> 90), B 18 days (0–30).
    assert len(b) == 16
    assert b["bucket"].unique().tolist() == ["0–30", "31–60", "61–90", "> 90"]
    assert b["status"].unique().tolist() == [
        "active",
        "detained",
        "travelled",
        "static",
    ]
    cells = b[b["cases"] > 0].set_index(["bucket", "status"])["cases"].to_dict()
    assert cells == {("0–30", "active"): 1, ("> 90", "active"): 1}


def test_interventions_by_year(con):
    y = interventions_by_year(con, as_of=AS_OF)
    # D: ggz (zorg) 2025-01-15 and oov (veiligheid) 2025-02-05, both in 2025.
    assert y["year"].tolist() == ["2025"] * 4
    assert dict(zip(y["domain"], y["interventions"], strict=True)) == {
        "veiligheid": 1,
        "zorg": 1,
        "sociaal": 0,
        "specialist": 0,
    }


NAMES = ("Casus", "Activiteit", "Datum")
MAPPING = dutch_export.mapping(
    *NAMES,
    values={"activity": {"Melding ontvangen": "melding", "Instroom": "instroom"}},
)
# Rows 3 and 6 have no date, row 4 misspells "Instroom", row 5 is in 2062.
ROWS = [
    "A1;Melding ontvangen;02-01-2024 09:00",
    "A1;Instroom;15-01-2024 10:00",
    "A1;Instroom;",
    "A1;Instrom;16-01-2024 10:00",
    "A1;Melding ontvangen;20-03-2062 11:00",
    "B2;Melding ontvangen;",
]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("monthly")
    export = folder / "export.csv"
    dutch_export.write_export(export, NAMES, ROWS)
    (folder / "mapping.toml").write_text(MAPPING, encoding="utf-8")
    load(
        [export],
        mapping=folder / "mapping.toml",
        db=folder / "s.duckdb",
        export_date=date(2026, 11, 1),
        key=b"monthly-test-key-0123456789abcdef",
    )
    c = store.connect(folder / "s.duckdb")
    yield c, hashlib.sha256(export.read_bytes()).hexdigest()
    c.close()


def test_rejects_by_reason(loaded):
    c, _ = loaded
    r = rejects(c)
    assert r[["kind", "reason_code", "rows"]].values.tolist() == [
        ["events", "missing_timestamp", 2],
        ["events", "future_date", 1],
        ["events", "unknown_activity", 1],
    ]


#: A relations and a key-locations export for the store of ``loaded`` (its only
#: case is A1; Z8 and Z9 are third parties), each row's failed checks by hand:
RELATIONS = [
    "case_id_a,case_id_b,relation,start,end",
    "A1,A1,familie,2024-01-01,",  # self_relation
    "A1,Z9,vriend,2024-01-01,",  # unknown_case
    "A1,Z8,vriendd,2024-01-01,",  # unknown_case and unknown_relation
]
LOCATIONS = [
    "case_id,location_id,start,end",
    "A1,LOC-1,2024-13-01,",  # unparsable_date
    "A1,LOC-1,2024-01-01,",  # valid
    "Z9,LOC-2,2024-01-01,2023-01-01",  # unknown_case and end_before_start
]


@pytest.fixture(scope="module")
def with_relations(loaded, tmp_path_factory):
    c, _ = loaded
    folder = tmp_path_factory.mktemp("monthly_relations")
    db = folder / "r.duckdb"
    shutil.copy(c.execute("PRAGMA database_list").fetchall()[0][2], db)
    governance.enable_relations(db, "DPIA-TEST-1")
    (folder / "relations.csv").write_text("\n".join(RELATIONS) + "\n")
    (folder / "locations.csv").write_text("\n".join(LOCATIONS) + "\n")
    load_relations(
        folder / "relations.csv",
        locations=folder / "locations.csv",
        db=db,
        key=b"monthly-test-key-0123456789abcdef",
    )
    con = store.connect(db)
    yield con
    con.close()


def test_rejects_are_counted_per_kind_of_export(with_relations):
    r = rejects(with_relations)
    assert r[["kind", "reason_code", "rows", "cells"]].values.tolist() == [
        ["events", "missing_timestamp", 2, 2],
        ["events", "future_date", 1, 1],
        ["events", "unknown_activity", 1, 1],
        ["relations", "unknown_case", 2, 2],
        ["relations", "self_relation", 1, 1],
        ["relations", "unknown_relation", 1, 1],
        ["locations", "end_before_start", 1, 1],
        ["locations", "unknown_case", 1, 1],
        ["locations", "unparsable_date", 1, 1],
    ]


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        (
            "nl",
            [
                "Afgewezen rijen van de gebeurtenissen naar reden",
                "Afgewezen rijen van de relaties naar reden",
                "Afgewezen rijen van de sleutellocaties naar reden",
            ],
        ),
        (
            "en",
            [
                "Rejected event rows by reason",
                "Rejected relation rows by reason",
                "Rejected key-location rows by reason",
            ],
        ),
    ],
)
def test_the_quality_section_shows_one_rejects_table_per_kind(
    with_relations, lang, titles
):
    sec = quality_section(Context(with_relations, "2026-10", lang=lang))
    tables = [b for b in sec.blocks if isinstance(b, Table)][:3]
    assert [t.title for t in tables] == titles
    assert tables[0].columns == (
        ["reden", "rijen"] if lang == "nl" else ["reason", "rows"]
    )
    rows = [[(r[0].text, r[1].text) for r in t.rows] for t in tables]
    names = {
        code: labels.quality_name(code, lang)
        for code in (
            "missing_timestamp",
            "future_date",
            "unknown_activity",
            "unknown_case",
            "self_relation",
            "unknown_relation",
            "end_before_start",
            "unparsable_date",
        )
    }
    assert rows == [
        [
            (names["missing_timestamp"], "2"),
            (names["future_date"], "1"),
            (names["unknown_activity"], "1"),
        ],
        [
            (names["unknown_case"], "2"),
            (names["self_relation"], "1"),
            (names["unknown_relation"], "1"),
        ],
        [
            (names["end_before_start"], "1"),
            (names["unknown_case"], "1"),
            (names["unparsable_date"], "1"),
        ],
    ]


def test_a_store_without_relations_shows_only_the_event_rejects(loaded):
    c, _ = loaded
    sec = quality_section(Context(c, "2026-10"))
    titles = [b.title for b in sec.blocks if isinstance(b, Table)]
    assert "Afgewezen rijen van de gebeurtenissen naar reden" in titles
    assert not any("relaties" in t or "sleutellocaties" in t for t in titles)


def test_loads_lists_the_file_and_its_hash(loaded):
    c, sha = loaded
    m = loads(c)
    assert len(m) == 1
    row = m.iloc[0]
    # 6 rows read, 4 rejected, 2 loaded.
    assert (row.rows_read, row.rows_rejected, row.rows_loaded) == (6, 4, 2)
    (f,) = json.loads(row.files)
    assert (f["name"], f["sha256"]) == ("export.csv", sha)
    assert "A1" not in m.to_csv() and "B2" not in m.to_csv()


def test_loads_say_how_many_events_were_new(loaded):
    c, _ = loaded
    row = loads(c).iloc[0]
    # Rows 1 and 2 are valid and the store was empty: both new, none already present.
    assert (row.new_events, row.already_present) == (2, 0)


def test_rejected_rows_point_into_the_file(loaded):
    c, _ = loaded
    r = rejected_rows(c)
    # Data rows 3 and 6 lack a date, row 4 misspells Instroom, row 5 is in 2062.
    got = sorted(zip(r["row"], r["reason_code"], strict=True))
    assert got == [
        (3, "missing_timestamp"),
        (4, "unknown_activity"),
        (5, "future_date"),
        (6, "missing_timestamp"),
    ]
    assert set(r["file"]) == {"export.csv"}
    assert set(r["load_id"]) == {1}
    text = r.to_csv()
    assert not re.search(r"\b(A1|B2)\b", text)  # case numbers only as pseudonyms
    assert rejected_rows(c, load_id=2).empty  # no second load


def test_events_by_month(con):
    m = events_by_month(con)
    # From the tiny log above (local months): 2024-10 A x3; 2024-12 D x3;
    # 2025-01 D x1; 2025-02 B x2, C x1, D x2.
    assert m.values.tolist() == [
        ["2024-10", 3, 1],
        ["2024-12", 3, 1],
        ["2025-01", 1, 1],
        ["2025-02", 5, 3],
    ]
