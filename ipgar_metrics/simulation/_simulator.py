"""A simulator of the iPGA-R process and of the registration system's export.

There is no real export in this repository and there never will be. Everything the
toolkit does is developed and shown on the output of this simulator, calibrated to the
facts of the plan of approach (``../shared/seed/``, summarised in ``docs/simulation.md``).
Every parameter is named in :data:`PARAMS`, with the seed fact it comes from.

``simulate(cases, seed, out_dir, as_of)`` writes these files:

``events.csv``
    the canonical event log (data contract of ``domain.md``), timestamps ISO 8601 with
    offset, plus the case attributes on every row;
``export.csv`` / ``export.xlsx``
    the same events as the registration system exports them (Dutch headers and labels,
    ``dd-mm-jjjj uu:mm`` local times, ``;``, BOM), with five documented faults;
``mapping.toml``
    the mapping from that export to the canonical form, read by the loader;
``catalogue.txt``
    the intervention types of the catalogue, one code a line (also those never used);
``relations.csv`` / ``locations.csv``
    relations between persons and their periods at key locations, with joint
    meetings in the events (``_network``; ``params={"networks": False}`` to leave out);
``case_managers.csv``
    the case managers' pools (``case_manager,pool,trained_on``; issue 23 item 3c;
    the specialists and their cases in ``truth.json``, ``case_manager_pools``);
``truth.json``
    the parameters, the planted changes, the faults, per episode and per case the
    true values that the metrics must recover, and per calendar year the inflow, the
    stock, contacts and interventions (``years``).

The same seed gives byte-identical files. Time is simulated as local wall-clock minutes
since 2016-01-01 00:00 (Europe/Amsterdam); events fall in office hours, so no event lies
in a daylight-saving gap or overlap. A large simulation (1,000,000 cases) is generated
case by case in chunks and streamed to disk; ``export.xlsx`` is only written when the
export fits in one Excel sheet.

This module runs the simulation (blocks of cases, worker processes, streaming the
files); each job has its own module: ``_parameters`` (:data:`PARAMS`), ``_time``
(simulated local minutes), ``_case`` and ``_process`` (one case's report and
assessment), ``_stay`` (the stay after intake), ``_faults`` (the five planted export
faults), ``_export`` (export rows, workbook, mapping file, truth rows), ``_pools``
(the case managers' pools), ``_changes``
(parameters that switch at a date: planted effects), ``_years`` (truth per year)
and ``_network`` (relations, key locations, joint meetings and their truth).
``EXCEL_MAX_ROWS`` is read here, so a test can lower it on this module.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import random
import shutil
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ipgar_metrics import config
from ipgar_metrics.simulation._case import Case
from ipgar_metrics.simulation._changes import planted
from ipgar_metrics.simulation._export import (
    CANONICAL_OUT,
    EXCEL_MAX_ROWS,
    EXPORT_HEADERS,
    canonical_rows,
    case_out,
    episode_out,
    export_row,
    mapping_toml,
    sort_events,
    write_workbook,
)
from ipgar_metrics.simulation._faults import fault_plan, fits, plant_fault
from ipgar_metrics.simulation._network import (
    NetworkFiles,
    draw_network,
    network_params,
)
from ipgar_metrics.simulation._parameters import PARAMS
from ipgar_metrics.simulation._pools import choose_pools, current_manager, write_pools
from ipgar_metrics.simulation._process import Simulator
from ipgar_metrics.simulation._registration import (
    LagTally,
    catalogue,
    contact_outcomes,
    intervention_types,
    registration_days,
)
from ipgar_metrics.simulation._years import YearTally


@dataclass
class SimulationResult:
    """What ``simulate`` wrote: paths, counts and the faults it planted."""

    out_dir: Path
    n_cases: int
    n_events: int
    n_export_rows: int
    files: dict[str, Path]
    faults: list[dict[str, Any]]


def simulate(
    cases: int = 600,
    seed: int = 1,
    out_dir: str | Path = "data/sim",
    as_of: date = config.SIM_AS_OF,
    *,
    chunk_cases: int = 20_000,
    params: dict[str, Any] | None = None,
    write_xlsx: bool = True,
) -> SimulationResult:
    """Simulate ``cases`` persons reported from 2016 up to ``as_of`` and write the files.

    Parameters
    ----------
    cases : number of persons (cases); each has one or more episodes.
    seed : random seed; the same seed gives byte-identical files.
    out_dir : folder for ``events.csv``, ``export.csv``, ``export.xlsx``,
        ``mapping.toml`` and ``truth.json``.
    as_of : export date; no event lies on or after it (start of that day, local time).
    chunk_cases : cases generated and written per chunk (memory bound for large runs).
    params : overrides of :data:`PARAMS`; ``{"changes": [{"from": "2024-01-01",
        "set": {"own_org_p": 0.3}}]}`` plants an effect that starts at a date
        (``_changes``, ``docs/simulation.md``); ``{"networks": False}`` writes no
        relations.csv / locations.csv and no joint meetings.
    write_xlsx : also write ``export.xlsx`` (the slowest part for mid-size logs;
        never written when the rows do not fit in one sheet).

    Returns
    -------
    SimulationResult with the paths written, counts and the planted faults.
    """
    from ipgar_metrics.errors import ConfigError

    if cases < 10:
        raise ConfigError("simulate at least 10 cases; the faults need room.")
    if as_of <= date(2017, 1, 1):
        raise ConfigError(
            "as_of must be after 2017-01-01 (the simulation starts in 2016)."
        )
    p = network_params({**PARAMS, **(params or {})})
    planted_changes = planted(p)  # checks them before anything is written
    _check_plant(p)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    blocks = [(b, min(cases, b + chunk_cases)) for b in range(0, cases, chunk_cases)]
    jobs = [
        (seed, k, lo, hi, cases, as_of, p, pending)
        for k, ((lo, hi), pending) in enumerate(
            zip(blocks, fault_plan(seed, cases, blocks), strict=True)
        )
    ]

    files = {
        "events": out / "events.csv",
        "export": out / "export.csv",
        "mapping": out / "mapping.toml",
        "truth": out / "truth.json",
    }
    ex_header = [EXPORT_HEADERS[c] for c in CANONICAL_OUT]
    faults: list[dict[str, Any]] = []
    own = [0, 0]
    not_registered = 0
    n_events = n_export_rows = n_managers = 0
    years: YearTally | None = None
    lag_tally = LagTally()
    managed: Counter[str] = Counter()
    current: Counter[str] = Counter()  # cases in the approach at as_of per manager
    head = {
        "generator": "ipgar_metrics.simulation._simulator",
        "seed": seed,
        "n_cases": cases,
        "as_of": as_of.isoformat(),
        "parameters": p,
        "planted": planted_changes,
    }
    dump = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    with (
        files["events"].open("w", encoding="utf-8", newline="") as ev_fh,
        files["export"].open("w", encoding="utf-8-sig", newline="") as ex_fh,
        (out / "truth.cases.tmp").open("w", encoding="utf-8") as cases_fh,
        files["truth"].open("w", encoding="utf-8") as truth_fh,
        NetworkFiles(out, p, as_of) as networks,
        _pool(len(jobs)) as pool,
    ):
        csv.writer(ev_fh, lineterminator="\n").writerow(CANONICAL_OUT)
        csv.writer(ex_fh, delimiter=";", lineterminator="\r\n").writerow(ex_header)
        truth_fh.write(dump(head)[:-1] + ',"episodes":[')
        cases_fh.write('"cases":[')
        for k, block in enumerate(pool(_simulate_block, jobs)):
            ev_fh.write(block["events_csv"])
            ex_fh.write(block["export_csv"])
            sep = "," if k and block["episodes_json"] else ""
            truth_fh.write(sep + block["episodes_json"])
            cases_fh.write(("," if k else "") + block["cases_json"])
            for fault in block["faults"]:
                fault["row"] += n_export_rows
                faults.append(fault)
            n_events += block["n_events"]
            n_export_rows += block["n_export_rows"]
            n_managers += block["n_managers"]
            own[0] += block["own"][0]
            own[1] += block["own"][1]
            not_registered += block["not_registered"]
            lag_tally.merge(block["lags"])
            networks.add(block["network"])
            managed.update(block["managed"])
            current.update(block["current"])
            if years is None:
                years = block["years"]
            else:
                years.merge(block["years"])
    tail = {
        "n_events": n_events,
        "n_export_rows": n_export_rows,
        "case_managers": n_managers,
        "faults": faults,
        "interventions": {
            "own_org": own[0],
            "total": own[1],
            "own_org_share": own[0] / own[1] if own[1] else None,
        },
        "years": years.rows() if years is not None else [],
        "registration": lag_tally.rows(),
        "contact_outcomes": dict(sorted(lag_tally.outcomes.items())),
        "intervention_types": dict(sorted(lag_tally.types.items())),
        "intervention_types_unused": sorted(set(catalogue(p)) - set(lag_tally.types)),
    }
    pools = None
    if p.get("case_manager_pools") is not None:
        pools = choose_pools(managed, current, p["case_manager_pools"])
        tail["case_manager_pools"] = pools
    if networks.enabled:
        tail["network"] = networks.truth()
        files.update(networks.files())
    if p.get("practice_plant") is not None:
        tail["practice_plant"] = {
            **p["practice_plant"],
            "contacts_not_registered": not_registered,
        }
    with files["truth"].open("a", encoding="utf-8") as truth_fh:
        truth_fh.write("],")
        with (out / "truth.cases.tmp").open(encoding="utf-8") as cases_fh:
            shutil.copyfileobj(cases_fh, truth_fh)
        truth_fh.write("]," + dump(tail)[1:] + "\n")
    (out / "truth.cases.tmp").unlink()
    if write_xlsx and n_export_rows <= EXCEL_MAX_ROWS:
        files["export_xlsx"] = out / "export.xlsx"
        with files["export"].open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh, delimiter=";"))
        write_workbook(files["export_xlsx"], rows[0], rows[1:])
    elif (out / "export.xlsx").exists():
        (out / "export.xlsx").unlink()
    files["mapping"].write_text(mapping_toml(as_of), encoding="utf-8")
    if pools is not None:
        files["case_managers"] = out / "case_managers.csv"
        write_pools(files["case_managers"], managed, pools)
    files["catalogue"] = out / "catalogue.txt"
    files["catalogue"].write_text(
        "# intervention types of the catalogue, one code a line\n"
        + "".join(f"{t}\n" for t in catalogue(p)),
        encoding="utf-8",
    )
    return SimulationResult(out, cases, n_events, n_export_rows, files, faults)


def _check_plant(p: dict[str, Any]) -> None:
    """Refuse a malformed ``practice_plant`` before anything is written."""
    from ipgar_metrics.errors import ConfigError

    plant = p.get("practice_plant")
    if plant is None:
        return
    orgs = ", ".join(p["manager_org_p"])
    if not isinstance(plant, dict) or plant.get("org") not in p["manager_org_p"]:
        raise ConfigError(
            f"practice_plant needs an org of the case managers; choose one of: {orgs}."
        )
    share = plant.get("contact_registered_p")
    if not isinstance(share, int | float) or not 0 <= share <= 1:
        raise ConfigError(
            "practice_plant needs contact_registered_p between 0 and 1; pass e.g. 0.3."
        )


@contextmanager
def _pool(n_jobs: int) -> Iterator[Any]:
    """An ordered map over the blocks: in this process for one block, else 2+ workers."""
    workers = min(n_jobs, os.cpu_count() or 1)
    if workers <= 1:
        yield lambda fn, jobs: map(fn, jobs)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        yield lambda fn, jobs: pool.imap(fn, jobs)


def _simulate_block(job: tuple[Any, ...]) -> dict[str, Any]:
    """Simulate cases ``lo`` to ``hi`` with the block's own random streams."""
    seed, k, lo, hi, cases, as_of, p, pending = job
    sim = Simulator(seed if k == 0 else seed * 1_000_003 + k, as_of, p)
    sim.manager_prefix = "CR" if k == 0 else f"CR{k:03d}-"
    fault_rng = random.Random(seed * 7919 + 17 + k)
    lag_rng = random.Random(seed * 104_729 + 31 + k)  # a stream of its own
    scan_rng = random.Random(seed * 15_485_863 + 7 + k)  # the assessment's lags
    lags = LagTally()
    managed: Counter[str] = Counter()
    current: Counter[str] = Counter()
    ev_buf, ex_buf = io.StringIO(), io.StringIO()
    ev_w = csv.writer(ev_buf, lineterminator="\n")
    ex_w = csv.writer(ex_buf, delimiter=";", lineterminator="\r\n")
    episodes: list[str] = []
    case_rows: list[str] = []
    faults: list[dict[str, Any]] = []
    own = [0, 0]
    not_registered = 0
    n_events = n_rows = 0
    years = YearTally(sim.start_day, sim.as_of_day)
    dump = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
    block_cases: Iterable[Case] = (sim.case(index, cases) for index in range(lo, hi))
    network = None
    if p["networks"]:  # a stream of its own: the cases' events stay as they were
        block_cases = list(block_cases)  # the block's cases link among themselves
        net_rng = random.Random(f"network:{seed}:{k}")
        network = draw_network(
            block_cases, net_rng, p, sim.as_of_day, block=k, n_cases=cases
        )
    for index, case in zip(range(lo, hi), block_cases, strict=True):
        sort_events(case)
        days, orgs = registration_days(case, lag_rng, p, sim.as_of_day, scan_rng)
        if network is not None:
            days, orgs = network.add_meetings(case, days, orgs)
        lags.add(case, days, orgs)
        lags.outcomes.update(contact_outcomes(case, lag_rng, p))
        lags.types.update(intervention_types(case, lag_rng, p))
        canon = canonical_rows(case, days)
        export = [
            export_row(r, ev.minute) for r, ev in zip(canon, case.events, strict=True)
        ]
        if pending and index >= pending[0][0] and fits(pending[0][1], case):
            fault = plant_fault(pending.pop(0)[1], case, export, fault_rng, as_of)
            fault["row"] = n_rows + fault.pop("offset") + 1
            faults.append(fault)
        ev_w.writerows(canon)
        ex_w.writerows(export)
        n_events += len(canon)
        n_rows += len(export)
        episodes.extend(dump(episode_out(e)) for e in case.episodes)
        case_rows.append(dump(case_out(case)))
        years.add(case)
        managed.update(
            {
                e.case_manager
                for e in case.events
                if e.activity == "regisseur_toegewezen"
            }
        )
        manager = current_manager(case)
        if manager is not None:
            current[manager] += 1
        own[0] += case.info.get("own_org", [0, 0])[0]
        own[1] += case.info.get("own_org", [0, 0])[1]
        not_registered += case.info.pop("contacts_not_registered", 0)
    return {
        "events_csv": ev_buf.getvalue(),
        "export_csv": ex_buf.getvalue(),
        "episodes_json": ",".join(episodes),
        "cases_json": ",".join(case_rows),
        "faults": faults,
        "n_events": n_events,
        "n_export_rows": n_rows,
        "n_managers": sim.n_managers,
        "own": own,
        "not_registered": not_registered,
        "years": years,
        "lags": lags,
        "network": network,
        "managed": managed,
        "current": current,
    }
