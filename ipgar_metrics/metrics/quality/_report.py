"""The data-quality report (in the spirit of daqapo) over a loaded event store.

``quality_report(con)`` returns one row per check: what the latest load rejected or
skipped (errors), violated process rules and suspicious registration (warnings), and
facts worth knowing (info), each with a count and a few examples that point into the
export: file name and data row (``export.csv row 418 (case <pseudonym>)``).
Definitions are in ``docs/metrics/quality.md``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import duckdb
import pandas as pd

from ipgar_metrics import schema, store
from ipgar_metrics.errors import ReasonCode
from ipgar_metrics.metrics.quality._rules import CHECK_RULES, RULES, rule_violations

#: Events of one organisation in one minute that count as batch registration.
BATCH_MIN_EVENTS = 10
#: Days without any registration that count as a recording gap.
GAP_DAYS = 30
#: Example cases shown per check.
N_EXAMPLES = 3

OUTPUT_COLUMNS: dict[str, dict[str, str]] = {
    "quality_report": {
        "check": "str: check code (a ReasonCode for rejected rows)",
        "severity": "str: error (rows not loaded), warning (loaded, suspect), info",
        "count": "int: rows, events, cases or gaps the check found",
        "examples": "str: up to 3 examples, comma-separated: the export's file and data "
        "row with the case pseudonym (`export.csv row 418 (case 3f9a...)`); the "
        "pseudonym alone for events without a file; the period of a recording gap",
        "description": "str: what the check looks for",
    }
}


@dataclass(frozen=True)
class _Check:
    code: str
    step: str
    severity: str
    description: str
    ipgar_only: bool = True


_CHECKS: tuple[_Check, ...] = (
    _Check(
        "out_of_order",
        "quality/out_of_order",
        "warning",
        "events registered out of process order in an episode (e.g. notificatie before instroom)",
    ),
    _Check(
        "open_status",
        "quality/open_status",
        "info",
        "detention, travel or static status started and never ended (may still be running)",
    ),
    _Check(
        "no_case_manager",
        "quality/no_case_manager",
        "warning",
        "cases with an instroom that never had a case manager",
    ),
    _Check(
        "identical_timestamps",
        "quality/identical_timestamps",
        "info",
        "events sharing their timestamp with another event of the case (ordered by the tie rule)",
        ipgar_only=False,
    ),
    _Check(
        "batch_registration",
        "quality/batch_registration",
        "warning",
        f"events in a minute in which one organisation registered {BATCH_MIN_EVENTS} or more events",
        ipgar_only=False,
    ),
    _Check(
        "recording_gap",
        "quality/recording_gaps",
        "warning",
        f"periods of more than {GAP_DAYS} days without any registration",
        ipgar_only=False,
    ),
    _Check(
        "new_value",
        "quality/new_values",
        "warning",
        "values of org, outcome, risk category or ideology outside the vocabulary, loaded (add them to vocabulary.toml or fix the export)",
    ),
    _Check(
        "date_only",
        "quality/date_only",
        "warning",
        "timestamps with a date and no time, loaded as local midnight (order within the day and hours of lead times unknown)",
        ipgar_only=False,
    ),
    _Check(
        "lookalike_id",
        "quality/lookalike_ids",
        "warning",
        "cases whose id has Cyrillic or Greek letters that look like Latin ones, and the cases whose id they look like: loaded as separate cases, may be one case",
        ipgar_only=False,
    ),
    _Check(
        "contradicting_attributes",
        "quality/contradictions",
        "warning",
        "melding source differs from the case's report source, or rows of a case disagree",
    ),
)
#: The process rules the report counts, each under its ``check`` code (_rules.py).
_RULE_CHECKS = tuple(r for r in (*RULES, *CHECK_RULES) if "check" in r)
#: The rule checks (process rules, then required attributes) and what they look for.
_RULES = {
    "multiple_instroom": "more than one instroom in an episode",
    "instroom_without_opname": "instroom without an earlier PTO-R decision 'opname'",
    "statisch_without_decision": "static status without PTO-R decision, or that decision without ITAT-R",
    "notificatie_without_instroom": "notificatie in an episode without instroom",
    "event_after_uitstroom": "an event other than a melding after the uitstroom",
    "missing_org": "activity that needs an organisation has none",
    "missing_life_domain": "intervention without a life domain",
    "missing_outcome": "advice, decision or exit without an outcome",
}
_LOAD_ISSUES = {
    **{
        code.value: f"rows rejected: {code.value.replace('_', ' ')}"
        for code in ReasonCode
    },
    "malformed_row": "rows rejected: more fields than the header",
    "duplicate_row": "exact duplicate rows (profile ipgar: skipped; generic: loaded as separate events)",
    "ambiguous_local_time": "local times in the repeated autumn hour (first occurrence taken)",
    "deleted_in_source": "events in the export window missing from the export, held for review (--keep-deletions)",
}
_LOAD_SEVERITY = {
    "duplicate_row": "warning",
    "ambiguous_local_time": "info",
    "deleted_in_source": "warning",
}


def quality_report(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The data-quality report of the store behind ``con``.

    Rejects and skipped duplicates are those of the latest load; the other checks
    look at every event in the store. Process-rule checks run in profile ``ipgar``
    only.

    Returns
    -------
    pandas.DataFrame
        One row per check that found something, plus the process-rule checks with a
        zero count: check (str), severity (error | warning | info), count (int),
        examples (str: up to three case pseudonyms or details), description (str).
        Sorted by severity (errors first) then check.
    """
    ipgar = store.profile_of(con) == "ipgar"
    rows: list[dict[str, object]] = []
    issues = store.sql_frame(con, "quality/load_issues")
    for code, group in issues.groupby("check_code", sort=True):
        rows.append(
            _row(
                str(code),
                _LOAD_SEVERITY.get(str(code), "error"),
                int(group["n"].sum()),
                _examples(con, group),
                _LOAD_ISSUES.get(str(code), f"rows rejected: {code}"),
            )
        )
    typos = issues[issues["detail"].fillna("").str.contains("->")]
    if len(typos):
        rows.append(
            _row(
                "label_typo",
                "error",
                len(typos),
                _examples(con, typos, with_detail=True),
                "unknown labels that look like typos of a known label (closest by edit distance)",
            )
        )
    for check in _CHECKS:
        if check.ipgar_only and not ipgar:
            continue
        count, found = _findings(con, check.step)
        rows.append(
            _row(
                check.code,
                check.severity,
                count,
                _examples(con, found),
                check.description,
            )
        )
    if ipgar:
        # the whole store: the last event keeps every event (an empty store, any day)
        last = store.last_event_at(con) or date(2200, 1, 1)
        rules = rule_violations(con, as_of=last, level="episode", rules=_RULE_CHECKS)
        missing = store.sql_frame(
            con,
            "quality/missing_required",
            org_required=list(schema.ORG_REQUIRED),
            life_domain_required=list(schema.LIFE_DOMAIN_REQUIRED),
            outcome_required=list(schema.OUTCOME_REQUIRED),
        )
        for code, description in _RULES.items():
            rows.append(_rule_row(con, code, description, rules, missing))
    out = pd.DataFrame(rows, columns=list(OUTPUT_COLUMNS["quality_report"]))
    order = {"error": 0, "warning": 1, "info": 2}
    out = out.sort_values(
        ["severity", "check"], key=lambda s: s.map(order) if s.name == "severity" else s
    ).reset_index(drop=True)
    out["count"] = out["count"].astype("int64")
    out.attrs["ipgar"] = {
        "snapshot": store.snapshot(con),
        "as_of": None,
        "params": {"batch_min_events": BATCH_MIN_EVENTS, "gap_days": GAP_DAYS},
    }
    return out


def has_errors(report: pd.DataFrame) -> bool:
    """True when the report has an error check with a non-zero count."""
    return bool(((report["severity"] == "error") & (report["count"] > 0)).any())


def _rule_row(
    con: duckdb.DuckDBPyConnection,
    check: str,
    description: str,
    rules: pd.DataFrame,
    missing: pd.DataFrame,
) -> dict[str, object]:
    """A process-rule check from the rule engine's episodes, or a missing attribute."""
    engine = [r for r in _RULE_CHECKS if r["check"] == check]
    if not engine:
        found = missing[missing["rule"] == check]
        return _row(check, "warning", len(found), _examples(con, found), description)
    found = rules[rules["rule"].isin([r["rule"] for r in engine])]
    by_episode = all(r.get("counts") == "episodes" for r in engine)
    count = len(found) if by_episode else int(found["n"].sum())
    return _row(check, "warning", count, _examples(con, found), description)


def _findings(con: duckdb.DuckDBPyConnection, step: str) -> tuple[int, pd.DataFrame]:
    """How many rows a check's SQL step finds, and the rows ``_examples`` reads.

    The rows are counted in the store. Findings of cases, without file and row, are
    fetched only for the first ``N_EXAMPLES`` cases in pseudonym order: the examples
    are the first finding of each of those (``_locate``), so they are the same as
    from every row (at 1 M cases batch registration finds 2 M events). Other
    findings (of a file row, or of no case: a recording gap) are fetched whole.
    """
    with store.temp_table(
        con, "_quality_found", step, batch_min=BATCH_MIN_EVENTS, gap_days=GAP_DAYS
    ):
        head = con.execute("SELECT * FROM _quality_found LIMIT 0")
        columns = {d[0] for d in head.description}
        head.fetchall()
        count, with_case = con.execute(
            "SELECT count(*), count(case_id) FROM _quality_found"
            if "case_id" in columns
            else "SELECT count(*), 0 FROM _quality_found"
        ).fetchall()[0]
        if with_case and not {"file", "row"} <= columns:
            found = con.execute(
                "SELECT * FROM _quality_found WHERE case_id IN (SELECT DISTINCT "
                "case_id FROM _quality_found WHERE case_id IS NOT NULL "
                "ORDER BY case_id LIMIT $n)",
                {"n": N_EXAMPLES},
            ).df()
        else:
            found = con.execute("SELECT * FROM _quality_found").df()
    return int(count), found


def _row(
    code: str, severity: str, count: int, examples: str, description: str
) -> dict[str, object]:
    return {
        "check": code,
        "severity": severity,
        "count": int(count),
        "examples": examples,
        "description": description,
    }


def _examples(
    con: duckdb.DuckDBPyConnection, found: pd.DataFrame, *, with_detail: bool = False
) -> str:
    """Up to ``N_EXAMPLES`` findings as the export's file and data row.

    Rows of the latest load's rejects and flags carry their file and row; events are
    found by case and position (``seq``), or episode and time (``at``, the rule
    checks), else the case's first event. Events without a file (inserted without a
    load) show the case pseudonym; findings of no case (a recording gap) their
    detail. ``with_detail`` adds the detail (of a typo: the shape of the unknown label and
    the known label suggested, never the value).
    """
    if {"file", "row"} <= set(found.columns):
        located = found.dropna(subset=["file", "row"]).sort_values(["file", "row"])
        located = located.drop_duplicates(["file", "row"]).head(N_EXAMPLES)
    else:
        located = _locate(con, found)
    if len(located):
        return ", ".join(_where(r, with_detail) for r in located.to_dict("records"))
    if "case_id" in found.columns and found["case_id"].notna().any():
        cases = sorted(found["case_id"].dropna().astype(str).unique())
        return ", ".join(cases[:N_EXAMPLES])
    if "detail" in found.columns:
        return ", ".join(found["detail"].dropna().astype(str).unique()[:N_EXAMPLES])
    return ""


def _locate(con: duckdb.DuckDBPyConnection, found: pd.DataFrame) -> pd.DataFrame:
    """File and row of the first finding of each of the first example cases."""
    if "case_id" not in found.columns or found["case_id"].isna().all():
        return pd.DataFrame(columns=["case_id", "file", "row"])
    keys = [c for c in ("case_id", "seq", "episode", "at") if c in found.columns]
    first = (
        found[keys]
        .dropna(subset=["case_id"])
        .sort_values(keys, na_position="last")
        .drop_duplicates("case_id")
        .head(N_EXAMPLES)
    )

    def values(col: str, cast: Callable[[Any], object]) -> list[object]:
        if col not in first.columns:
            return [None] * len(first)
        return [None if pd.isna(v) else cast(v) for v in first[col].tolist()]

    return store.sql_frame(
        con,
        "quality/example_rows",
        case_ids=values("case_id", str),
        seqs=values("seq", int),
        episodes=values("episode", int),
        ats=values("at", lambda t: pd.Timestamp(t).to_pydatetime()),
    )


def _where(row: dict[str, Any], with_detail: bool) -> str:
    text = f"{row['file']} row {int(row['row'])}"
    case = row.get("case_id")
    if with_detail and isinstance(row.get("detail"), str):
        return f"{text}: {row['detail']}"
    return f"{text} (case {case})" if isinstance(case, str) else text
