"""``ipgar demo``: simulate an export, load it into a fresh store, write the report.

The demo loads with its own key, ``<sim-dir>/demo.key`` (``DEMO_KEY_NAME``), created
there on the first run and said so; it never reads or creates the key for real exports
(``IPGAR_KEY`` or the key file of ``ipgar key create``). When the simulated folder
holds ``relations.csv`` (and ``locations.csv``), the demo store enables relations with
the DPIA reference ``DEMO_DPIA`` and loads them after the events.

The demo rebuilds its store on every run, and its default ``--db`` is the default
store of ``ipgar load`` (``data/ipgar.duckdb``). It therefore replaces only a store it
made itself: one it marked (``DEMO_MARK`` in ``meta``) or one loaded with its key.
Any other file there (an analyst's store of a real export, a file it cannot read) is
left as it is, and the demo stops with a line that says how to run it beside it.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ipgar_metrics import config
from ipgar_metrics.cli._common import add_db, add_out, add_simulation_size
from ipgar_metrics.cli._progress import Progress, add_quiet, progress

#: The demo's own key file, in the folder of the simulated export.
DEMO_KEY_NAME = "demo.key"
#: The DPIA reference under which the demo store processes simulated relations.
DEMO_DPIA = "DEMO-gesimuleerd"
#: The ``meta`` key (value ``"1"``) of a store the demo made: only such a store, or
#: one loaded with the demo key, is replaced by the next run.
DEMO_MARK = "demo_store"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand (used by ``make demo``)."""
    p = sub.add_parser(
        "demo",
        help="simulate an export, load it and write the monthly report",
        description="The whole chain on simulated data: simulate -> load -> report.",
    )
    add_simulation_size(p)
    p.add_argument(
        "--sim-dir",
        type=Path,
        default=Path("data/sim"),
        help="folder of the simulated export (default data/sim)",
    )
    add_db(p)
    add_out(p, help="report folder (default reports)", default=Path("reports"))
    add_quiet(p)
    p.set_defaults(handler=_run)


def _last_full_month(as_of: date) -> str:
    year, month = (
        (as_of.year, as_of.month - 1) if as_of.month > 1 else (as_of.year - 1, 12)
    )
    return f"{year:04d}-{month:02d}"


def _run(args: argparse.Namespace) -> int:
    from ipgar_metrics import build_report, simulate

    month = _last_full_month(config.SIM_AS_OF)
    with progress("demo: simulate, load, report", total=3, quiet=args.quiet) as bar:
        res = simulate(args.cases, args.seed, args.sim_dir)
        bar.advance("loading")
        bar.echo(
            f"1/3 simulated {res.n_cases} cases, {res.n_events} events -> {args.sim_dir}"
        )
        _load(args, res.files, bar)
        bar.advance("writing the report")
        paths = build_report(
            db=args.db, month=month, out_dir=args.out, audience="intern"
        )
        bar.advance("done")
    for path in paths:
        print(f"3/3 wrote {path}")
    return 0


def _load(args: argparse.Namespace, files: dict[str, Path], bar: Progress) -> None:
    """Load the simulated export into a fresh ``--db`` (rebuilt each time)."""
    from ipgar_metrics import load

    key = _demo_key(args.sim_dir / DEMO_KEY_NAME, bar)
    if args.db.exists():
        _check_demo_store(args.db, key)
        args.db.unlink()
        args.db.with_name(args.db.name + ".wal").unlink(missing_ok=True)
    result = load(
        [files["export"]],
        mapping=files["mapping"],
        db=args.db,
        export_date=config.SIM_AS_OF,
        key=key,
    )
    _mark_demo_store(args.db)
    duplicates = _counted(result.duplicates_skipped, "duplicate")
    bar.echo(
        f"2/3 loaded {result.rows_loaded} events into {args.db} "
        f"({result.rows_rejected} rejected, {duplicates}; "
        f"snapshot {result.snapshot_id})"
    )
    _load_relations(args, files["mapping"], key, bar)
    _load_pools(args, files, key, bar)


def _check_demo_store(db: Path, key: bytes) -> None:
    """Raise ``StoreError`` unless the existing store at ``db`` is the demo's own.

    The demo's own: marked ``DEMO_MARK`` (the demo made it), or loaded with the demo
    ``key`` (a store of an earlier demo, before the mark). Anything else (a store of
    real exports, a store without loads, a file that is no store or is in use) is
    not the demo's to delete.
    """
    from ipgar_metrics import privacy, store
    from ipgar_metrics.errors import StoreError

    elsewhere = (
        "the demo rebuilds its store from scratch, so it leaves this one alone; run "
        "it beside it (`ipgar demo --db data/demo.duckdb`, or `make demo "
        "DB=data/demo.duckdb`), or move the file away first."
    )
    try:
        con = store.connect(db)
    except StoreError as exc:
        raise StoreError(
            f"{db} cannot be read as a store ({exc}); {elsewhere}"
        ) from None
    try:
        marked = store.meta_value(con, DEMO_MARK) == "1"
        recorded = store.meta_value(con, "key_fingerprint")
    finally:
        con.close()
    if not (marked or recorded == privacy.key_fingerprint(key)):
        raise StoreError(f"{db} is a store the demo did not make; {elsewhere}")


def _mark_demo_store(db: Path) -> None:
    """Mark the store the demo just loaded as its own (``DEMO_MARK``)."""
    from ipgar_metrics import store

    with store.connect(db, read_only=False) as con:
        store.set_meta(con, DEMO_MARK, "1")


def _counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1 ("1 duplicate", "2 duplicates")."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _load_relations(
    args: argparse.Namespace, mapping: Path, key: bytes, bar: Progress
) -> None:
    """Load the simulated relations and key locations, when the folder holds them."""
    from ipgar_metrics import enable_relations, load_relations

    relations = args.sim_dir / "relations.csv"
    locations = args.sim_dir / "locations.csv"
    if not relations.exists() and not locations.exists():
        return
    enable_relations(args.db, DEMO_DPIA)
    result = load_relations(
        relations if relations.exists() else None,
        locations=locations if locations.exists() else None,
        db=args.db,
        key=key,
        mapping=mapping,
    )
    bar.echo(
        f"2/3 relations enabled on the demo store (DPIA {DEMO_DPIA}); "
        + result.summary()
    )


def _load_pools(
    args: argparse.Namespace, files: dict[str, Path], key: bytes, bar: Progress
) -> None:
    """The case managers' pools, when the simulated folder has ``case_managers.csv``."""
    from ipgar_metrics import load_case_managers

    path = files.get("case_managers", args.sim_dir / "case_managers.csv")
    if path.exists():
        pools = load_case_managers(path, db=args.db, key=key)
        bar.echo(f"2/3 {pools.summary()}")


def _demo_key(path: Path, bar: Progress) -> bytes:
    """The demo's own key at ``path``, created there (and said so) when missing."""
    from ipgar_metrics import privacy

    if path.exists():
        return privacy.read_key_file(path)
    key = privacy.create_key(path)
    bar.echo(f"demo key created at {path}; it is not the key for real exports")
    return key
