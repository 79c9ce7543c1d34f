"""Which intervention types each organisation uses, and which catalogue types none does.

A hand-made log; the counts worked out here. Events at 12:00 +01:00, as_of
2025-03-01, window 12 months, min_managers=1. interventie_start in the window:
  oov      A: woonbegeleiding, woonbegeleiding, schuldhulp, one without a type
  politie  B: schuldhulp; and one on 2024-01-10, before the window (not counted)
oov: woonbegeleiding 2 (2/3), schuldhulp 1 (1/3); politie: schuldhulp 1 (1/1).
Catalogue: woonbegeleiding, schuldhulp, mentor, exitprogramma: mentor and
exitprogramma are used by no organisation.
"""

import json
from datetime import date

import pandas as pd
import pytest

from ipgar_metrics import store
from ipgar_metrics.cli import main
from ipgar_metrics.metrics.practice import practice_profile

KW = {"as_of": date(2025, 3, 1), "min_managers": 1}
CATALOGUE = ["woonbegeleiding", "schuldhulp", "mentor", "exitprogramma"]


def ev(case, activity, day, org=None, cm=None, kind=None, year=2025):
    return {
        "case_id": case,
        "activity": activity,
        "timestamp": f"{year}-{day}T12:00:00+01:00",
        "org": org,
        "case_manager": cm,
        "life_domain": "wonen" if activity == "interventie_start" else None,
        "intervention_type": kind,
    }


ROWS = [
    ev("A", "instroom", "01-01"),
    ev("A", "regisseur_toegewezen", "01-02", "oov", "M1"),
    ev("A", "interventie_start", "01-05", "wpi", kind="woonbegeleiding"),
    ev("A", "interventie_start", "01-06", "wpi", kind="woonbegeleiding"),
    ev("A", "interventie_start", "01-07", "buurtteam", kind="schuldhulp"),
    ev("A", "interventie_start", "01-08", "buurtteam"),
    ev("B", "instroom", "01-02", year=2024),
    ev("B", "regisseur_toegewezen", "01-03", "politie", "P1", year=2024),
    ev("B", "interventie_start", "01-10", "wpi", kind="mentor", year=2024),
    ev("B", "interventie_start", "01-10", "wpi", kind="schuldhulp"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("interventions") / "store.duckdb"
    with store.connect(path, read_only=False) as con:
        store.insert_events(con, pd.DataFrame(ROWS))
    return path


def test_types_per_organisation_and_the_unused_catalogue_types(db):
    with store.connect(db, read_only=True) as con:
        out = practice_profile(
            con, **KW, level="intervention_type", catalogue=CATALOGUE
        )
    assert out.attrs["ipgar"]["params"]["intervention_types"] is True
    rows = [tuple(r) for r in out[["org", "intervention_type", "interventions"]].values]
    assert rows == [
        ("oov", "schuldhulp", 1),
        ("oov", "woonbegeleiding", 2),
        ("politie", "schuldhulp", 1),
        ("alle organisaties", "exitprogramma", 0),
        ("alle organisaties", "mentor", 0),  # used only before the window
    ]
    assert list(out["share"].iloc[:3]) == pytest.approx([1 / 3, 2 / 3, 1.0])
    assert out["share"].iloc[3:].isna().all()
    assert out["in_catalogue"].all()


def test_without_a_catalogue_there_are_no_unused_types(db):
    with store.connect(db, read_only=True) as con:
        out = practice_profile(con, **KW, level="intervention_type")
    assert len(out) == 3 and out["in_catalogue"].isna().all()


def test_cli_reads_the_catalogue_file(db, tmp_path, capsys):
    cat = tmp_path / "catalogue.txt"
    cat.write_text("intervention_type\n# types\n" + "\n".join(CATALOGUE) + "\n\n")
    args = ["practice", "--db", str(db), "--as-of", "2025-03-01", "--window", "12",
            "--threshold", "90", "--interventions", "--catalogue", str(cat)]  # fmt: skip
    assert main([*args, "--format", "json"]) == 0
    out = capsys.readouterr()
    got = json.loads(out.out)
    unused = [r["intervention_type"] for r in got if r["interventions"] == 0]
    assert unused == ["exitprogramma", "mentor"]
    assert "M1" not in out.out + out.err and "P1" not in out.out + out.err


def test_a_catalogue_without_interventions_is_a_usage_error(db, tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["practice", "--db", str(db), "--catalogue", str(tmp_path / "x.txt")])
    assert exc.value.code == 2
    assert "--interventions" in capsys.readouterr().err
