"""The retention purge that follows a successful load (``ipgar load``, ``ipgar monthly``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path


def apply_retention(db: Path, load_id: int, export_date: date | None) -> None:
    """The retention purge after a successful load, when the store sets a period.

    A dry run first, so a load that purges nobody does not rewrite the store file.
    A failed purge leaves the load in place and says so.
    """
    from ipgar_metrics import governance, store
    from ipgar_metrics.cli._purge import years_before
    from ipgar_metrics.errors import IpgarError

    with store.connect(db) as con:
        years = governance.retention_years(con)
        archive = governance.report_archive(con)
    if years is None or export_date is None:
        return
    ended_before = years_before(export_date, years)
    what = f"retention ({years} year{'' if years == 1 else 's'})"
    try:
        result = governance.purge(db=db, ended_before=ended_before, dry_run=True)
        if result.cases:
            result = governance.purge(db=db, ended_before=ended_before)
    except IpgarError as exc:
        raise type(exc)(
            f"load {load_id} is stored, but the {what} purge failed: {exc}"
        ) from None
    if result.cases:
        print(f"{what}: {result.summary()}")
    else:
        print(
            f"{what}: nobody whose last episode ended before "
            f"{ended_before.isoformat()}; nothing removed"
        )
    if archive is not None:
        gone = governance.remove_expired_reports(archive, ended_before)
        s = "" if len(gone) == 1 else "s"
        print(
            f"{what}: removed {len(gone)} intern report file{s} of months before "
            f"{ended_before.isoformat()} from {archive}"
        )
