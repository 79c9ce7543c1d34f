"""The simulator against its own parameters and the process rules of domain.md.

Everything is recomputed here from the written files (events.csv, export.csv with
mapping.toml), independently of the simulator's internals.
"""

from __future__ import annotations

import csv
import filecmp
import json
import tomllib
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from ipgar_metrics.simulation import simulate

SEEDS = (1, 2, 3)


@pytest.fixture(scope="module")
def sims(tmp_path_factory) -> dict[int, Path]:
    out = {}
    for seed in SEEDS:
        d = tmp_path_factory.mktemp(f"sim{seed}")
        simulate(600, seed, d)
        out[seed] = d
    return out


def _events(d: Path) -> pd.DataFrame:
    ev = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False)
    ev["ts"] = pd.to_datetime(ev["timestamp"], utc=True, format="ISO8601")
    return ev


def _episodes(ev: pd.DataFrame) -> pd.DataFrame:
    """Episodes recomputed from the log: a melding opens one after a closing event."""
    rows = []
    for case_id, g in ev.groupby("case_id", sort=False):
        episode, closed = 0, True
        for r in g.itertuples():
            if r.activity == "melding" and closed:
                episode += 1
                closed = False
                rows.append(
                    {
                        "case_id": case_id,
                        "episode": episode,
                        "melding": r.ts,
                        "instroom": None,
                        "decision": None,
                        "loops": 0,
                    }
                )
            cur = rows[-1]
            if r.activity == "info_aanvraag":
                cur["loops"] += 1
            if r.activity == "instroom" and cur["instroom"] is None:
                cur["instroom"] = r.ts
            if (
                r.activity == "ptor_besluit"
                and r.outcome in ("opname", "geen_opname")
                and cur["decision"] is None
            ):
                cur["decision"] = r.ts
            if (
                r.activity == "uitstroom"
                or r.activity == "preventief_gesprek"
                or (r.activity == "ptor_besluit" and r.outcome == "geen_opname")
            ):
                closed = True
    return pd.DataFrame(rows)


def test_lead_time_calibrated_to_the_seed(sims):
    # Seed: report to intake takes 8 weeks on average, from 1 to 32 weeks.
    for seed, d in sims.items():
        eps = _episodes(_events(d))
        adm = eps.dropna(subset=["instroom"])
        weeks = (adm["instroom"] - adm["melding"]).dt.total_seconds() / 86400 / 7
        assert len(adm) > 250, seed
        assert abs(weeks.mean() - 8) < 1, (seed, weeks.mean())
        assert weeks.min() >= 1 and weeks.max() <= 32, seed
        assert weeks.quantile(0.9) > 2 * weeks.quantile(0.1), (
            seed
        )  # right-skewed spread
        assert weeks.mean() > weeks.median(), seed


def test_more_information_loops_mean_longer_lead_times(sims):
    eps = _episodes(_events(sims[1])).dropna(subset=["instroom"])
    eps["days"] = (eps["instroom"] - eps["melding"]).dt.total_seconds() / 86400
    by = eps.groupby(eps["loops"].clip(upper=3))["days"].median()
    assert list(by.index) == [0, 1, 2, 3]
    assert by.is_monotonic_increasing and by.iloc[-1] > 2 * by.iloc[0]


def test_not_every_report_leads_to_intake(sims):
    ev = _events(sims[1])
    assert {"niet_opnemen", "tussenvariant", "meer_informatie"} <= set(
        ev.loc[ev.activity == "ivgr_advies", "outcome"]
    )
    assert {"geen_opname", "aanhouden", "opname", "statisch"} <= set(
        ev.loc[ev.activity == "ptor_besluit", "outcome"]
    )
    assert (ev.activity == "preventief_gesprek").sum() > 20
    eps = _episodes(ev)
    still_waiting = eps["decision"].isna()
    assert (
        still_waiting.sum() >= 1
    )  # some reports wait for a decision at the export date


def test_share_without_life_domain_problems(sims):
    # Seed: 15-20% of cases have no problem on any life domain: no interventions.
    shares = []
    for d in sims.values():
        ev = _events(d)
        admitted = set(ev.loc[ev.activity == "instroom", "case_id"])
        with_iv = set(ev.loc[ev.activity == "interventie_start", "case_id"])
        truth = json.loads((d / "truth.json").read_text())
        flagged = {c["case_id"] for c in truth["cases"] if c["no_life_domain_problems"]}
        assert flagged <= admitted - with_iv  # a flagged case never has an intervention
        shares.append(len(flagged) / len(admitted))
    assert all(0.12 <= s <= 0.23 for s in shares), shares
    assert 0.15 <= sum(shares) / len(shares) <= 0.20, shares


def test_own_organisation_delivers_most_interventions(sims):
    ev = _events(sims[1])
    own = total = 0
    for _, g in ev.groupby("case_id"):
        manager_org = None
        for r in g.itertuples():
            if r.activity == "regisseur_toegewezen":
                manager_org = r.org
            elif r.activity == "interventie_start":
                total += 1
                own += r.org == manager_org
    assert total > 300
    assert 0.5 < own / total < 0.75
    truth = json.loads((sims[1] / "truth.json").read_text())
    assert truth["interventions"]["own_org"] == own
    assert truth["interventions"]["total"] == total
    # no case manager from the care domain; social and care under-used
    managers = ev[ev.activity == "regisseur_toegewezen"]
    assert not set(managers.org) & {"ggz", "ggd", "verslavingszorg"}
    iv = ev[ev.activity == "interventie_start"]
    care_social = iv.org.isin(
        [
            "ggz",
            "ggd",
            "verslavingszorg",
            "buurtteam",
            "wpi",
            "leerplicht",
            "jeugdzorg",
            "onderwijs",
        ]
    ).mean()
    assert care_social < 0.5


def test_case_managers_pool_and_changes(sims):
    ev = _events(sims[1])
    assigned = ev[ev.activity == "regisseur_toegewezen"]
    per_manager = assigned.groupby("case_manager")["case_id"].nunique()
    assert (per_manager <= 2).mean() > 0.6  # a large pool with one or two cases each
    changes = assigned.groupby("case_id").size() - 1
    assert (changes > 0).mean() > 0.3


def test_contact_frequency_differs_and_planted_gaps(sims):
    ev = _events(sims[1])
    truth = json.loads((sims[1] / "truth.json").read_text())
    gaps = [c for c in truth["cases"] if c["neglected_gap"]]
    assert len(gaps) >= 10
    for c in gaps:
        start, end = (pd.Timestamp(x) for x in c["neglected_gap"])
        inside = ev[
            (ev.case_id == c["case_id"])
            & ev.activity.isin(["contact", "interventie_start", "interventie_eind"])
            & (ev.ts > start)
            & (ev.ts < end)
        ]
        assert inside.empty, c["case_id"]
    contacts = ev[ev.activity == "contact"].sort_values(["case_id", "ts"])
    contacts["gap"] = contacts.groupby("case_id")["ts"].diff().dt.days
    by_org = contacts.groupby("org")["gap"].median()
    assert by_org.max() > 1.5 * by_org.min()


def test_process_rules_hold_in_the_canonical_log(sims):
    for d in sims.values():
        ev = _events(d)
        for _, g in ev.groupby("case_id", sort=False):
            acts = list(zip(g.activity, g.outcome, strict=True))
            seen_opname = seen_instroom = seen_itatr = seen_static = False
            after_exit = False
            for act, out in acts:
                if after_exit:
                    assert act == "melding" or not after_exit
                    after_exit = False
                if act == "melding":
                    seen_opname = seen_instroom = False
                if act == "ptor_besluit" and out == "opname":
                    seen_opname = True
                if act == "instroom":
                    assert seen_opname and not seen_instroom
                    seen_instroom = True
                if act == "notificatie":
                    assert seen_instroom
                if act == "itatr_agendering":
                    seen_itatr = True
                if act == "ptor_besluit" and out == "statisch":
                    assert seen_itatr
                    seen_static = True
                if act == "statisch_start":
                    assert seen_static
                if act in ("contact", "interventie_start"):
                    assert seen_instroom
                if act == "uitstroom":
                    after_exit = True


def test_status_periods_and_attributes(sims):
    ev = _events(sims[1])
    for act in (
        "detentie_start",
        "uitgereisd_start",
        "statisch_start",
        "itatr_agendering",
    ):
        assert (ev.activity == act).sum() > 0, act
    cases = ev.drop_duplicates("case_id")
    assert set(cases.report_source) == {"MAP", "CTER", "overig"}
    assert set(cases.ideology) == {"jihadistisch", "rechts", "links", "single_issue"}
    assert cases.risk_category.nunique() == 5
    assert (cases.report_source == "MAP").mean() > (
        cases.report_source == "overig"
    ).mean()
    reasons = set(ev.loc[ev.activity == "uitstroom", "outcome"])
    assert len(reasons) >= 4
    eps = _episodes(ev)
    assert (eps.episode > 1).sum() > 5  # some persons are reported again after leaving
    years = ev.ts.dt.year
    assert years.min() == 2016 and years.max() == 2026


def test_truth_lead_times_match_the_log(sims):
    d = sims[2]
    eps = _episodes(_events(d)).set_index(["case_id", "episode"])
    truth = json.loads((d / "truth.json").read_text())
    for t in truth["episodes"]:
        row = eps.loc[(t["case_id"], t["episode"])]
        end = row["instroom"] if pd.notna(row["instroom"]) else row["decision"]
        if t["lead_seconds"] is None:
            assert pd.isna(row["decision"]) or t["outcome"] == "open"
        else:
            assert (end - row["melding"]).total_seconds() == t["lead_seconds"]


def test_same_seed_gives_byte_identical_files(tmp_path, sims):
    again = tmp_path / "again"
    simulate(600, 1, again)
    for name in (
        "events.csv",
        "export.csv",
        "export.xlsx",
        "mapping.toml",
        "truth.json",
    ):
        assert filecmp.cmp(sims[1] / name, again / name, shallow=False), name
    other = tmp_path / "other"
    simulate(600, 4, other)
    assert not filecmp.cmp(sims[1] / "events.csv", other / "events.csv", shallow=False)


def _read_export(d: Path) -> pd.DataFrame:
    mapping = tomllib.loads((d / "mapping.toml").read_text(encoding="utf-8"))
    raw = (d / "export.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines(), delimiter=";"))
    header = [mapping["columns"][h] for h in rows[0]]
    ex = pd.DataFrame(rows[1:], columns=header)
    ex.index = range(1, len(ex) + 1)  # data row numbers as the faults give them
    for col, table in mapping["values"].items():
        ex[col] = ex[col].map(lambda v, t=table: t.get(v, v))
    return ex


@pytest.fixture(scope="module")
def chunked(tmp_path_factory) -> Path:
    """A simulation written in four blocks by parallel workers (as for 1M cases)."""
    d = tmp_path_factory.mktemp("chunked")
    simulate(800, 5, d, chunk_cases=200)
    return d


@pytest.mark.parametrize("which", ["single", "chunked"])
def test_export_round_trips_to_the_canonical_events_minus_faults(sims, chunked, which):
    d = sims[1] if which == "single" else chunked
    truth = json.loads((d / "truth.json").read_text())
    faults = {f["kind"]: f for f in truth["faults"]}
    truth_cases = {c["case_id"] for c in truth["cases"]}
    assert len(truth_cases) == truth["n_cases"]
    assert set(faults) == {
        "duplicate_row",
        "missing_timestamp",
        "activity_typo",
        "future_date",
        "out_of_order",
    }
    ex = _read_export(d)
    ev = pd.read_csv(d / "events.csv", dtype=str, keep_default_na=False)
    assert len(ex) == len(ev) + 1  # one duplicated row
    dup = faults["duplicate_row"]["row"]
    assert ex.loc[dup].tolist() == ex.loc[dup - 1].tolist()
    assert ex.loc[faults["missing_timestamp"]["row"], "timestamp"] == ""
    assert ex.loc[faults["activity_typo"]["row"], "activity"] == "Contcat"
    future = ex.loc[faults["future_date"]["row"], "timestamp"]
    assert datetime.strptime(future, "%d-%m-%Y %H:%M").year > 2026
    bad_rows = {f["row"] for f in truth["faults"]}
    clean = ex.drop(index=list(bad_rows))
    tz = "Europe/Amsterdam"
    local = pd.to_datetime(clean["timestamp"], format=mapping_fmt(d))
    clean = clean.assign(
        timestamp=local.dt.tz_localize(tz).map(lambda t: t.isoformat()),
        # the registration date: dd-mm-jjjj in the export, ISO in events.csv
        registered_at=pd.to_datetime(
            clean["registered_at"], format="%d-%m-%Y"
        ).dt.strftime("%Y-%m-%d"),
    )
    event_ids = {f["event_id"] for f in truth["faults"] if f["kind"] != "duplicate_row"}
    expected = ev[~ev.event_id.isin(event_ids)]
    cols = list(ev.columns)
    assert (
        clean[cols].reset_index(drop=True).equals(expected[cols].reset_index(drop=True))
    )
    # the out-of-order row: a notificatie dated before its instroom
    ooo = faults["out_of_order"]
    case = ex[ex.case_id == ooo["case_id"]]
    t_note = datetime.strptime(ex.loc[ooo["row"], "timestamp"], "%d-%m-%Y %H:%M")
    t_in = datetime.strptime(
        case[case.activity == "instroom"].timestamp.iloc[0], "%d-%m-%Y %H:%M"
    )
    assert ex.loc[ooo["row"], "activity"] == "notificatie" and t_note < t_in


def mapping_fmt(d: Path) -> str:
    return tomllib.loads((d / "mapping.toml").read_text())["source"]["timestamp_format"]


def test_excel_export_has_the_same_rows(sims):
    from openpyxl import load_workbook

    d = sims[3]
    wb = load_workbook(d / "export.xlsx", read_only=True)
    assert wb.sheetnames == ["Export"]
    rows = [
        [c if c is not None else "" for c in r]
        for r in wb["Export"].iter_rows(values_only=True)
    ]
    with (d / "export.csv").open(encoding="utf-8-sig", newline="") as fh:
        csv_rows = list(csv.reader(fh, delimiter=";"))
    assert rows == csv_rows


def test_mapping_names_the_day_the_export_was_taken(sims):
    # the simulated export is taken on the default as-of; no event is on or after it
    mapping = tomllib.loads((sims[1] / "mapping.toml").read_text(encoding="utf-8"))
    assert mapping["export_date"] == date(2026, 11, 1)
    ev = _events(sims[1])
    assert ev["ts"].max() < pd.Timestamp("2026-11-01", tz="Europe/Amsterdam")


def test_truth_per_year_adds_up_over_parallel_blocks(chunked):
    # four blocks written by workers: their yearly rows are merged into one
    truth = json.loads((chunked / "truth.json").read_text())
    ev = _events(chunked)
    years = {r["year"]: r for r in truth["years"]}
    assert sorted(years) == list(range(2016, 2027))
    local_year = ev["ts"].dt.tz_convert("Europe/Amsterdam").dt.year
    for activity, key in (
        ("melding", "reports"),
        ("instroom", "intakes"),
        ("uitstroom", "exits"),
        ("contact", "contacts"),
        ("interventie_start", "interventions"),
    ):
        counted = local_year[ev["activity"] == activity].value_counts()
        for year, row in years.items():
            assert row[key] == counted.get(year, 0), (activity, year)
    assert (
        sum(r["own_org_interventions"] for r in years.values())
        == (truth["interventions"]["own_org"])
    )
    # the stock on 31 December: intakes minus exits up to that day
    intakes = ev[ev["activity"] == "instroom"]["ts"]
    exits = ev[ev["activity"] == "uitstroom"]["ts"]
    for year, row in years.items():
        if year == 2026:
            continue
        end = pd.Timestamp(f"{year + 1}-01-01", tz="Europe/Amsterdam")
        stock = (intakes < end).sum() - (exits < end).sum()
        assert row["stock_min"] <= stock <= row["stock_max"], year
