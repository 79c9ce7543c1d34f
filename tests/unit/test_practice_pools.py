"""Case managers' pools: load_case_managers (ipgar load --case-managers) and by="pool".

Tiny export (one organisation, oov): case managers S1, S2, S3 (specialistisch), R1,
R2, R3 (regulier) and X1 (pool "extra", alone: merged into "overige pools", which
is still too small and left out). Cases, each with one case manager:
  S1: A, B   S2: C   S3: D   R1: E   R2: F   R3: G   X1: H
Contacts in February: A 3, B 1, C 1, D 0, E 1, F 0, G 0, H 5.
"""

import hmac
import shutil
from datetime import date
from hashlib import sha256

import pandas as pd
import pytest

from ipgar_metrics import config, load, load_case_managers, practice_profile, store
from ipgar_metrics.errors import ConfigError
from tests.conftest import TEST_KEY

MANAGER = {
    "A": "S1",
    "B": "S1",
    "C": "S2",
    "D": "S3",
    "E": "R1",
    "F": "R2",
    "G": "R3",
    "H": "X1",
}
CONTACTS = {"A": 3, "B": 1, "C": 1, "D": 0, "E": 1, "F": 0, "G": 0, "H": 5}


def hand_pseudonym(raw: str) -> str:
    mac = hmac.new(TEST_KEY, f"manager:{raw}".encode(), sha256).hexdigest()
    return "M" + mac[: config.PSEUDONYM_LENGTH]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    root = tmp_path_factory.mktemp("pools")
    lines = ["case_id,activity,timestamp,org,case_manager"]
    for case, cm in MANAGER.items():
        lines += [
            f"{case},melding,2024-12-01 12:00,,",
            f"{case},instroom,2025-01-01 12:00,,",
            f"{case},regisseur_toegewezen,2025-01-02 12:00,oov,{cm}",
        ]
        lines += [
            f"{case},contact,2025-02-{k + 1:02d} 12:00,oov,{cm}"
            for k in range(CONTACTS[case])
        ]
    export = root / "export.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path = root / "ipgar.duckdb"
    load([export], db=path, key=TEST_KEY, export_date=date(2025, 3, 1))
    pools = root / "case_managers.csv"
    pools.write_text(
        "Casusregisseur;Pool;Getraind op\n"
        " S1 ;Specialistisch;2024-06-01\n"  # white space around the id, as events
        "S2;specialistisch;01-06-2024\n"
        "S3;specialistisch;\n"
        "R1;regulier;\n"
        "R2;regulier;\n"
        "R3;regulier;\n"
        "X1;extra;\n"
        ";regulier;\n"  # line 9: no id
        "Q7;;\n"  # line 10: no pool
        "Q8;team 12345;\n"  # line 11: a number where a code belongs
        "Q9;regulier;31-02-2024\n",  # line 12: no such date
        encoding="utf-8",
    )
    result = load_case_managers(pools, db=path, key=TEST_KEY)
    return path, pools, result


def test_pools_join_the_events_case_managers(db):
    path, _pools, result = db
    assert (result.rows_read, result.rows_loaded, result.rows_changed) == (11, 7, 7)
    with store.connect(path) as con:
        rows = con.execute(
            "SELECT case_manager, pool, trained_on FROM case_manager_pools"
        ).df()
        managers = set(
            con.execute(
                "SELECT DISTINCT case_manager FROM events WHERE case_manager IS NOT NULL"
            ).df()["case_manager"]
        )
    assert set(rows["case_manager"]) == managers
    assert set(rows["case_manager"]) == {
        hand_pseudonym(m) for m in set(MANAGER.values())
    }
    s1 = rows.set_index("case_manager").loc[hand_pseudonym("S1")]
    assert s1["pool"] == "specialistisch" and s1["trained_on"] == pd.Timestamp(
        "2024-06-01"
    )
    s2 = rows.set_index("case_manager").loc[hand_pseudonym("S2")]
    assert s2["trained_on"] == pd.Timestamp("2024-06-01")


def test_rejects_name_file_row_column_reason_never_the_value(db):
    _path, _pools, result = db
    got = [tuple(r) for r in result.rejects.itertuples(index=False)]
    assert got == [
        ("case_managers.csv", 9, "case_manager", "missing"),
        ("case_managers.csv", 10, "pool", "missing"),
        ("case_managers.csv", 11, "pool", "number_in_label"),
        ("case_managers.csv", 12, "trained_on", "bad_date"),
    ]
    text = result.summary() + result.rejects.to_string()
    for raw in ("Q7", "Q8", "Q9", "12345", "S1"):
        assert raw not in text


def test_the_latest_file_wins_and_a_reload_changes_nothing(db, tmp_path):
    path, pools, _result = db
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    again = load_case_managers(pools, db=copy, key=TEST_KEY)
    assert again.rows_changed == 0
    later = tmp_path / "later.csv"
    later.write_text("case_manager,pool\nR1,specialistisch\n", encoding="utf-8")
    assert load_case_managers(later, db=copy, key=TEST_KEY).rows_changed == 1
    with store.connect(copy) as con:
        rows = con.execute(
            "SELECT case_manager, pool, load_id FROM case_manager_pools"
        ).df()
    rows = rows.set_index("case_manager")
    assert rows.loc[hand_pseudonym("R1"), "pool"] == "specialistisch"
    # the reload wrote nothing, so the next number after 1 is 2
    assert rows.loc[hand_pseudonym("R1"), "load_id"] == 2
    assert rows.loc[hand_pseudonym("R2"), "pool"] == "regulier"  # kept
    assert rows["load_id"].drop(hand_pseudonym("R1")).eq(1).all()


def test_another_key_is_refused(db, tmp_path):
    path, pools, _result = db
    with pytest.raises(ConfigError, match="another pseudonymisation key"):
        load_case_managers(pools, db=path, key=b"another-key-0123456789abcdef-xyz!")


def test_profile_by_pool_by_hand(db):
    path, _pools, _result = db
    with store.connect(path) as con:
        p = practice_profile(con, as_of=date(2025, 3, 1), by="pool", level="point")
        wide = practice_profile(con, as_of=date(2025, 3, 1), by="pool")
    assert set(p["pool"]) == {"specialistisch", "regulier"}  # X1 alone: left out
    assert p.attrs["ipgar"]["params"]["merged_group_left_out"] is True
    assert list(wide.columns[:2]) == ["pool", "cases"]
    assert wide.set_index("pool")["cases"].to_dict() == {
        "regulier": 3,
        "specialistisch": 4,
    }
    rate = p.loc[p["measure"] == "contacts_per_month"].set_index("pool")
    assert rate.loc["specialistisch", "numerator"] == 5  # A 3, B 1, C 1, D 0
    assert rate.loc["regulier", "numerator"] == 1
    # the centre line counts H (5 contacts) too: 11 contacts over all 8 cases
    months = 8 * (31 + 28 - 0.5) / (365.25 / 12)  # 01-01 12:00 to 03-01 00:00
    assert rate["expected"].iloc[0] == pytest.approx(11 / months)


def test_by_pool_without_pools_says_what_to_load():
    con = store.memory_store()
    store.insert_events(
        con,
        pd.DataFrame(
            [
                {
                    "case_id": "A",
                    "activity": "instroom",
                    "timestamp": "2025-01-01T12:00:00+01:00",
                },
            ]
        ),
    )
    with pytest.raises(ConfigError, match="--case-managers"):
        practice_profile(con, as_of=date(2025, 3, 1), by="pool")


def test_simulated_pools_cover_the_case_managers(sim_store, tmp_path):
    copy = tmp_path / "sim.duckdb"
    shutil.copy(sim_store.db, copy)
    result = load_case_managers(
        sim_store.sim_dir / "case_managers.csv", db=copy, key=sim_store.key
    )
    assert len(result.rejects) == 0 and result.pools["specialistisch"] == 8
    with store.connect(copy) as con:
        events = con.execute("SELECT DISTINCT case_manager FROM events").df()
        pools = con.execute("SELECT case_manager FROM case_manager_pools").df()
        p = practice_profile(con, as_of=sim_store.as_of, by="pool", level="measure")
    assert set(events["case_manager"].dropna()) == set(pools["case_manager"])
    assert len(p) > 0
