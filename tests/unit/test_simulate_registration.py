"""The simulator's registration dates ("Geregistreerd op") against truth.json, end to end.

The lags are recomputed here from ``events.csv`` (registration date minus the local
date of the event; the registering organisation is that of the last case-manager
assignment of the case before the event, else ``procesregie``) and must be the
histograms of ``truth.json``. Loaded through the mapping the simulator writes, the
store holds the same late registrations (up to the planted faults), and ``ipgar
practice`` shows the timeliness columns and marks an organisation that registers in
batches.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date

import pytest

from ipgar_metrics import store
from ipgar_metrics.cli import main
from ipgar_metrics.simulation import simulate

AS_OF = date(2025, 6, 1)


@pytest.fixture(scope="module")
def sim(tmp_path_factory):
    d = tmp_path_factory.mktemp("sim_registration")
    simulate(300, 3, d, as_of=AS_OF, write_xlsx=False)
    truth = json.loads((d / "truth.json").read_text(encoding="utf-8"))
    return d, truth


def _lags_from_events(path):
    by_org: dict[str, Counter[int]] = {}
    org_of_case: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["activity"] == "regisseur_toegewezen" and row["org"]:
                org_of_case[row["case_id"]] = row["org"]
            org = org_of_case.get(row["case_id"], "procesregie")
            lag = date.fromisoformat(row["registered_at"]) - date.fromisoformat(
                row["timestamp"][:10]
            )
            by_org.setdefault(org, Counter())[lag.days] += 1
    return by_org


def test_the_lags_of_events_csv_are_those_of_truth(sim):
    d, truth = sim
    reg = truth["registration"]
    got = _lags_from_events(d / "events.csv")
    assert set(got) == set(reg["by_org"])
    for org, counts in got.items():
        want = reg["by_org"][org]
        assert {str(k): v for k, v in sorted(counts.items())} == want["lags"]
        assert sum(counts.values()) == want["events"]
        assert sum(v for k, v in counts.items() if k > reg["late_days"]) == want["late"]
    assert sum(r["events"] for r in reg["by_org"].values()) == truth["n_events"]


def test_the_contact_outcomes_of_events_csv_are_those_of_truth(sim):
    d, truth = sim
    with (d / "events.csv").open(encoding="utf-8", newline="") as fh:
        got = Counter(
            r["outcome"] for r in csv.DictReader(fh) if r["activity"] == "contact"
        )
    assert dict(got) == truth["contact_outcomes"]
    n = sum(got.values())
    assert got["geslaagd"] / n > 0.7  # most contacts reach the person
    assert got["geweigerd"] > 0 and got["poging"] > 0


def test_the_intervention_types_of_events_csv_are_those_of_truth(sim):
    d, truth = sim
    with (d / "events.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    starts = Counter(
        r["intervention_type"] for r in rows if r["activity"] == "interventie_start"
    )
    assert dict(starts) == truth["intervention_types"]
    assert all(
        r["intervention_type"] for r in rows if r["activity"] == "interventie_start"
    )
    types = {
        r["life_domain"]: set() for r in rows if r["activity"] == "interventie_start"
    }
    for r in rows:
        if r["activity"] == "interventie_start":
            types[r["life_domain"]].add(r["intervention_type"])
    assert types["wonen"] <= {"woonbegeleiding", "urgentie"}  # the domain's own types
    lines = (d / "catalogue.txt").read_text(encoding="utf-8").splitlines()
    listed = {x for x in lines if x and not x.startswith("#")}
    assert set(starts) | set(truth["intervention_types_unused"]) == listed
    assert not set(starts) & set(truth["intervention_types_unused"])


def _batch_orgs(truth):
    return set(truth["parameters"]["registration_lag"]["batch_p_by_org"])


def test_the_lags_are_realistic(sim):
    _, truth = sim
    batch_orgs = _batch_orgs(truth)
    assert batch_orgs
    orgs = truth["registration"]["by_org"]
    lags = Counter()
    for r in orgs.values():
        lags.update({int(k): v for k, v in r["lags"].items()})
    n = sum(lags.values())
    assert min(lags) == 0 and max(lags) <= 21
    assert lags[0] / n > 0.7  # most events are registered the same day
    for org, r in orgs.items():
        share = r["late"] / r["events"]
        if org in batch_orgs:
            assert share > 0.2, org
        else:
            assert share < 0.1, org


def test_the_store_and_ipgar_practice_show_the_lags(sim, tmp_path, capsys):
    d, truth = sim
    db = tmp_path / "store.duckdb"
    assert main(["load", str(d / "export.csv"), "--mapping", str(d / "mapping.toml"),
                 "--db", str(db), "--quiet"]) == 0  # fmt: skip
    with store.connect(db, read_only=True) as con:
        n, dated, late = con.execute(
            "SELECT count(*), count(registered_at), count(*) FILTER ("
            "registered_at - CAST(timezone('Europe/Amsterdam', ts) AS DATE) > 7) "
            "FROM events"
        ).fetchall()[0]
    assert dated == n
    total_late = sum(r["late"] for r in truth["registration"]["by_org"].values())
    # the planted faults drop three rows and move one date
    assert abs(late - total_late) <= len(truth["faults"])
    with store.connect(db, read_only=True) as con:
        outcomes = dict(
            con.execute(
                "SELECT outcome, count(*) FROM events WHERE activity = 'contact' "
                "GROUP BY outcome"
            ).fetchall()
        )
    assert set(outcomes) == set(truth["contact_outcomes"])  # mapped to the codes
    for code, n in truth["contact_outcomes"].items():
        assert abs(outcomes[code] - n) <= len(truth["faults"])
    capsys.readouterr()
    args = [
        "practice",
        "--db",
        str(db),
        "--as-of",
        AS_OF.isoformat(),
        "--format",
        "json",
    ]
    assert main(args) == 0
    out = capsys.readouterr()
    assert "no registration dates" not in out.err
    assert "no contact outcomes" not in out.err
    rows = {r["org"]: r for r in json.loads(out.out)}
    for col in ("median_registration_lag_days", "late_registration",
                "late_registration_n", "late_registration_signal",
                "contact_attempted", "contact_refused_signal"):  # fmt: skip
        assert all(col in r for r in rows.values())
    capsys.readouterr()
    types = ["practice", "--db", str(db), "--as-of", AS_OF.isoformat(), "--interventions",
             "--catalogue", str(d / "catalogue.txt"), "--format", "json"]  # fmt: skip
    assert main(types) == 0
    used = json.loads(capsys.readouterr().out)
    unused = {r["intervention_type"] for r in used if r["org"] == "alle organisaties"}
    assert set(truth["intervention_types_unused"]) <= unused
    assert all(r["in_catalogue"] for r in used)
    batch_orgs = _batch_orgs(truth)
    batch = [o for o in rows if o in batch_orgs]
    assert batch, "a batch-registering organisation has a row of its own"
    for org in batch:
        assert rows[org]["late_registration_signal"] == "boven"
    for org in set(rows) - batch_orgs - {"overige organisaties"}:
        assert rows[org]["late_registration_signal"] in ("binnen", "onder")
