"""Action lists with a memory: each case's status against the earlier intern reports.

An intern report lists cases that need action (contact gaps, rule violations, long
stays, static cases without review). ``list_status`` gives each listed case its status against what the earlier
reports listed (the store's ``report_lists``): ``nieuw`` (not on the list of the
month before) or ``blijvend`` with the months it has been on the list without a
break, this month included; ``resolved`` the cases of the month before that left the
list. ``record_lists`` stores what a report listed, through a short writable
connection after the report is built; ``write_actions`` writes the lists as
``ptor-YYYY-MM-intern.actions.csv``. Pseudonyms only; never for ``extern``.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ipgar_metrics import spreadsheet, store
from ipgar_metrics.errors import StoreError
from ipgar_metrics.report._model import Cell, Context, Note
from ipgar_metrics.workdays import shift_month

#: The lists of the intern report, by their name in ``report_lists.list``.
LISTS: tuple[str, ...] = (
    "contact_gaps",
    "rule_violations",
    "long_stays",
    "static_without_review",
)
#: Columns of the lists as ``actions_frame`` gives them (and ``record_lists`` stores
#: them); the actions file names them in the report's language (``write_actions``).
CSV_COLUMNS: tuple[str, ...] = ("list", "pseudonym", "status", "months_on_list")


@dataclass(frozen=True)
class Listed:
    """One case on one list of this report: its status and months on the list."""

    list: str
    case_id: str
    status: str  # nieuw, blijvend
    months_on_list: int


def _previous_months(ctx: Context, name: str) -> dict[str, set[str]]:
    """Month -> the cases list ``name`` held in the earlier reports (before ctx.month)."""
    # a person whose processing is restricted (AVG art. 18) is not named, not even
    # as resolved
    rows = ctx.con.execute(
        "SELECT month, case_id FROM report_lists WHERE list = ? AND month < ? "
        "AND case_id NOT IN (SELECT case_id FROM restricted_cases)",
        [name, ctx.month],
    ).fetchall()
    held: dict[str, set[str]] = {}
    for month, case_id in rows:
        held.setdefault(month, set()).add(case_id)
    return held


def _month(ctx: Context, back: int) -> str:
    return f"{shift_month(ctx.first_day, -back):%Y-%m}"


def list_status(ctx: Context, name: str, case_ids: list[str]) -> list[Listed]:
    """The status of each case of list ``name`` (in the order given, once each).

    Also adds them to ``ctx.actions`` for the actions file and the store.
    """
    held = _previous_months(ctx, name)
    out: list[Listed] = []
    for case_id in dict.fromkeys(case_ids):
        streak = 0
        while case_id in held.get(_month(ctx, streak + 1), set()):
            streak += 1
        status = "blijvend" if streak else "nieuw"
        out.append(Listed(name, case_id, status, streak + 1))
    ctx.actions.extend(out)
    return out


def resolved(ctx: Context, name: str, case_ids: list[str]) -> list[str]:
    """Cases on list ``name`` of the month before that are not on it now (sorted)."""
    before = _previous_months(ctx, name).get(_month(ctx, 1), set())
    return sorted(before - set(case_ids))


def status_cell(ctx: Context, item: Listed) -> Cell:
    """``nieuw``, or ``blijvend (N mnd)`` in the report's words."""
    if item.status == "nieuw":
        return Cell(ctx.t("status_new"))
    return Cell(ctx.t("status_staying", months=item.months_on_list))


def resolved_note(ctx: Context, name: str, case_ids: list[str]) -> Note:
    """The short "opgelost sinds vorige maand" list of ``name`` (pseudonyms)."""
    gone = resolved(ctx, name, case_ids)
    text = ", ".join(gone) if gone else ctx.t("no_rows")
    return Note(f"{ctx.t('resolved_since')}: {text}")


def actions_frame(ctx: Context) -> pd.DataFrame:
    """The lists of the report as the actions file's rows."""
    rows = [(a.list, a.case_id, a.status, a.months_on_list) for a in ctx.actions]
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS))


def write_actions(path: Path, frame: pd.DataFrame, lang: str = "nl") -> Path:
    """Write the actions file (spreadsheet-safe) in ``lang`` and return its path.

    Its readers are the PTO-R's: the columns, the list names and the statuses are in
    the report's language (``lijst, pseudoniem, status, maanden_op_lijst`` in Dutch);
    the pseudonyms are as stored.
    """
    from ipgar_metrics.report._texts import t

    out = frame.copy()
    out["list"] = [t(f"actions_{name}", lang) for name in out["list"]]
    out["status"] = [t(f"actions_status_{status}", lang) for status in out["status"]]
    out.columns = [t(f"actions_{col}", lang) for col in frame.columns]
    spreadsheet.spreadsheet_safe(out).to_csv(path, index=False)
    return path


def record_lists(
    db: str | os.PathLike[str], month: str, frame: pd.DataFrame, snapshot_id: str
) -> None:
    """Replace what the store records of ``month``'s lists by ``frame``'s pseudonyms.

    A short writable connection, opened after the report was built. When the store
    cannot be written (in use, read-only file), the report stands and a warning says
    the next report cannot compare with this one.
    """
    try:
        con = store.connect(db, read_only=False)
    except StoreError as exc:
        warnings.warn(
            f"the action lists of {month} were not recorded in the store ({exc}); "
            "build this report again when the store is free, or the next report "
            "marks every case as new.",
            UserWarning,
            stacklevel=3,
        )
        return
    # the rows inserted from a frame DuckDB reads where it is, in one statement (one
    # statement per row took 1.9 s for the 11,578 rows of a report at 1 M cases)
    rows = pd.DataFrame(
        {
            "list": frame["list"].astype(object),
            "case_id": frame["pseudonym"].astype(object),
        }
    )
    try:
        con.register("_report_lists_new", rows)
        con.execute("BEGIN TRANSACTION").fetchall()
        con.execute("DELETE FROM report_lists WHERE month = ?", [month]).fetchall()
        con.execute(
            "INSERT INTO report_lists SELECT CAST(? AS VARCHAR), list, case_id, "
            "CAST(? AS VARCHAR), CAST(? AS TIMESTAMPTZ) FROM _report_lists_new",
            [month, snapshot_id, datetime.now(UTC)],
        ).fetchall()
        con.execute("COMMIT").fetchall()
    finally:
        con.close()
