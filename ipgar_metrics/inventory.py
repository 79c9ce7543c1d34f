"""What the store holds, column by column: category under the AVG and purpose.

The inventory is data, so ``docs/data-inventory.md`` is generated from it
(``python -m ipgar_metrics.inventory > docs/data-inventory.md``) and a test checks
that every column of a new store is listed here, and nothing else: a column added to
the schema without its category and purpose fails the tests.

Categories (``CATEGORIES``): a person's whole record in the store concerns their
place in an approach to radicalisation, so the store as a whole is treated as
special-category and criminal-offence data (AVG art. 9 and 10, partly police data
under the Wpg); the category of a column says what the column adds to that.
"""

from __future__ import annotations

import sys
from typing import Final, NamedTuple

#: category -> what it means
CATEGORIES: Final[dict[str, str]] = {
    "pseudonym": "keyed hash of an identifier (HMAC-SHA256, key outside the store)",
    "art. 9": "special category: beliefs, health (AVG art. 9)",
    "art. 10": "criminal-offence and police data (AVG art. 10, Wpg)",
    "process": "what happened in the approach, and when (about a person)",
    "masked": "the shape of an export cell (letters and digits masked), no value",
    "technical": "about loads and the store, not about a person",
}


class Column(NamedTuple):
    """One column of the store: its category (``CATEGORIES``) and purpose."""

    category: str
    purpose: str


#: The categories of the columns of relations and key_locations, which their
#: restricted copies share (schema version 7).
_RELATION_CATEGORIES: Final[dict[str, str]] = {
    "case_a": "pseudonym",
    "case_b": "pseudonym",
    "relation": "art. 10",
    "start_date": "art. 10",
    "end_date": "art. 10",
    "relation_key": "pseudonym",
    "load_id": "technical",
    "source_row": "technical",
}
_LOCATION_CATEGORIES: Final[dict[str, str]] = {
    "case_id": "pseudonym",
    "location_id": "pseudonym",
    "start_date": "art. 10",
    "end_date": "art. 10",
    "location_key": "pseudonym",
    "load_id": "technical",
    "source_row": "technical",
}

_EVENT_COLUMNS: Final[dict[str, Column]] = {
    "case_id": Column(
        "pseudonym", "the person (case); joins events, cases and rejects"
    ),
    "activity": Column("process", "the step of the approach (data contract code)"),
    "ts": Column("process", "when the step happened: lead times, contact gaps"),
    "org": Column("process", "organisation of the step: integrality, ways of working"),
    "case_manager": Column(
        "pseudonym", "the case manager (an employee): caseload, contact"
    ),
    "life_domain": Column(
        "art. 9",
        "life domain of an intervention (zorg, ideologie: health and beliefs)",
    ),
    "outcome": Column("process", "outcome of an advice or decision (paths)"),
    "event_id": Column(
        "pseudonym", "the source system's key of the event: corrections"
    ),
    "lifecycle": Column("process", "XES lifecycle transition (generic logs)"),
}

#: (table, column) -> Column, for every column of a store of the current version
INVENTORY: Final[dict[tuple[str, str], Column]] = {
    **{("events", c): v for c, v in _EVENT_COLUMNS.items()},
    ("events", "episode"): Column("process", "episode of the person (re-reports)"),
    ("events", "seq"): Column("technical", "order of the events of a case"),
    ("events", "event_key"): Column(
        "pseudonym", "identity of the event across exports (hash)"
    ),
    ("events", "load_id"): Column("technical", "the load that brought this version"),
    ("events", "source_row"): Column("technical", "row in that load's files: ties"),
    ("events", "registered_at"): Column(
        "process",
        "date the event was registered (Geregistreerd op), when the export has it: "
        "timeliness of registration per organisation",
    ),
    ("events", "case_key"): Column(
        "technical",
        "the case as a small integer, for sorting and grouping; internal, never "
        "output (version 10)",
    ),
    ("events", "activity_code"): Column(
        "technical", "the activity's code in activity_codes (version 10)"
    ),
    ("events", "next_activity_code"): Column(
        "technical",
        "activity_code of the next event of the episode, for the process map; "
        "internal, never output (version 11)",
    ),
    ("events", "next_gap_us"): Column(
        "technical", "microseconds to the next event of the episode (version 11)"
    ),
    ("events", "intervention_type"): Column(
        "process",
        "type of an intervention (a catalogue code), when the export has it: which "
        "types each organisation uses, and which none",
    ),
    **{("event_history", c): v for c, v in _EVENT_COLUMNS.items()},
    ("event_history", "event_key"): Column(
        "pseudonym", "identity of the corrected or deleted event"
    ),
    ("event_history", "load_id"): Column("technical", "the load of this version"),
    ("event_history", "replaced_by"): Column(
        "technical", "the load that corrected or deleted it"
    ),
    ("event_history", "change"): Column("technical", "corrected or deleted"),
    ("cases", "case_id"): Column("pseudonym", "the person (case)"),
    ("cases", "report_source"): Column(
        "art. 10", "who reported the person (police channels): segments"
    ),
    ("cases", "risk_category"): Column(
        "art. 10",
        "risk category (e.g. traveller, returnee): segments; only when the mapping "
        "opts in (special_categories)",
    ),
    ("cases", "ideology"): Column(
        "art. 9",
        "ideology (political or religious belief): segments; only when the mapping "
        "opts in (special_categories)",
    ),
    ("rejected_events", "load_id"): Column("technical", "the load that read the row"),
    ("rejected_events", "file"): Column("technical", "file name of the export"),
    ("rejected_events", "row"): Column("technical", "row number, to repair the export"),
    ("rejected_events", "column_name"): Column("technical", "header of the cell"),
    ("rejected_events", "reason_code"): Column("technical", "why the row was refused"),
    ("rejected_events", "message"): Column(
        "technical", "what to fix; names no cell value"
    ),
    ("rejected_events", "case_id"): Column("pseudonym", "the row's person, if any"),
    ("rejected_events", "raw"): Column(
        "masked", "the row's cells: pseudonyms and masked shapes, to find the error"
    ),
    ("rejected_events", "file_sha256"): Column(
        "technical", "the file's hash: a repeated load adds no rejects"
    ),
    ("quality_flags", "load_id"): Column("technical", "the load that flagged"),
    ("quality_flags", "file"): Column("technical", "file name, for a row flag"),
    ("quality_flags", "row"): Column("technical", "row number, for a row flag"),
    ("quality_flags", "case_id"): Column("pseudonym", "the flagged person"),
    ("quality_flags", "check_code"): Column("technical", "which check flagged"),
    ("quality_flags", "message"): Column("technical", "names no cell value"),
    **{
        ("loads", c): Column("technical", purpose)
        for c, purpose in {
            "load_id": "number of the load",
            "loaded_at": "when",
            "profile": "ipgar or generic",
            "files": "names, hashes and row counts of the files",
            "mapping_sha256": "hash of the mapping file",
            "export_date": "date of the export",
            "rows_read": "row count",
            "rows_loaded": "row count",
            "new_events": "row count",
            "already_present": "row count",
            "rows_rejected": "row count",
            "duplicates_skipped": "row count",
            "toolkit_version": "version that loaded",
            "snapshot_id": "the snapshot every output names",
            "corrected": "events corrected in the source",
            "deleted": "events deleted in the source",
            "deletions_held": "deletions kept for review",
            "export_window": "the window the export declared",
        }.items()
    },
    **{
        ("purges", c): Column("technical", purpose)
        for c, purpose in {
            "purge_id": "number of the purge",
            "purged_at": "when",
            "ended_before": "persons whose approach ended before it",
            "cases": "count, no pseudonym",
            "events": "count",
            "history_rows": "count",
            "rejects": "count",
            "flags": "count",
            "toolkit_version": "version that purged",
            "snapshot_id": "snapshot after the purge",
        }.items()
    },
    ("settings", "key"): Column("technical", "a setting of the store"),
    ("settings", "value"): Column("technical", "its value (a DPIA reference, years)"),
    ("settings", "changed_at"): Column("technical", "when it was set"),
    **{("restricted_events", c): v for c, v in _EVENT_COLUMNS.items()},
    ("restricted_events", "episode"): Column("process", "as in events"),
    ("restricted_events", "seq"): Column("technical", "as in events"),
    ("restricted_events", "event_key"): Column("pseudonym", "as in events"),
    ("restricted_events", "load_id"): Column("technical", "as in events"),
    ("restricted_events", "source_row"): Column("technical", "as in events"),
    ("restricted_events", "registered_at"): Column("process", "as in events"),
    ("restricted_events", "intervention_type"): Column("process", "as in events"),
    ("restricted_cases", "case_id"): Column(
        "pseudonym", "a person whose processing is restricted (AVG art. 18)"
    ),
    ("restricted_cases", "report_source"): Column("art. 10", "as in cases"),
    ("restricted_cases", "risk_category"): Column("art. 10", "as in cases"),
    ("restricted_cases", "ideology"): Column("art. 9", "as in cases"),
    ("restricted_cases", "restricted_at"): Column("technical", "since when"),
    ("report_lists", "month"): Column("technical", "month of the internal report"),
    ("report_lists", "list"): Column(
        "technical",
        "which action list (contact gaps, rule violations, long stays, static cases "
        "without review)",
    ),
    ("report_lists", "case_id"): Column(
        "pseudonym", "a case the report listed, for the next report's status"
    ),
    ("report_lists", "snapshot_id"): Column("technical", "snapshot of the report"),
    ("report_lists", "written_at"): Column("technical", "when it was recorded"),
    ("published_reports", "report_id"): Column("technical", "the report, in order"),
    ("published_reports", "month"): Column("technical", "month of the report"),
    ("published_reports", "audience"): Column("technical", "intern or extern"),
    ("published_reports", "lang"): Column("technical", "language of the report"),
    ("published_reports", "k"): Column("technical", "its suppression threshold"),
    ("published_reports", "snapshot_id"): Column("technical", "snapshot of the report"),
    ("published_reports", "last_load_id"): Column(
        "technical", "latest load then: what came after it revises"
    ),
    ("published_reports", "last_purge_id"): Column(
        "technical", "latest purge then: what came after it revises"
    ),
    ("published_reports", "toolkit_version"): Column("technical", "version it ran"),
    ("published_reports", "written_at"): Column("technical", "when it was recorded"),
    ("published_reports", "baseline_for"): Column(
        "technical", "measures it is the frozen baseline of"
    ),
    ("published_figures", "report_id"): Column("technical", "the report"),
    ("published_figures", "figure"): Column("technical", "key figure of the summary"),
    ("published_figures", "kind"): Column(
        "technical", "count, statistic, range end or share"
    ),
    ("published_figures", "value"): Column(
        "technical", "aggregate as published (NULL: suppressed), for revision notes"
    ),
    ("relations", "case_a"): Column(
        "pseudonym", "a person in a relation (network approach, needs a DPIA)"
    ),
    ("relations", "case_b"): Column("pseudonym", "the other person of the relation"),
    ("relations", "relation"): Column(
        "art. 10", "kind of link (family, friend, online, key location): police data"
    ),
    ("relations", "start_date"): Column("art. 10", "since when the link is known"),
    ("relations", "end_date"): Column("art. 10", "until when (empty: lasts)"),
    ("relations", "relation_key"): Column("pseudonym", "identity across exports"),
    ("relations", "load_id"): Column("technical", "the load that set the row"),
    ("relations", "source_row"): Column("technical", "row in that load's file"),
    ("key_locations", "case_id"): Column("pseudonym", "a person at a key location"),
    ("key_locations", "location_id"): Column(
        "pseudonym", "the key location, keyed hash in its own name space"
    ),
    ("key_locations", "start_date"): Column("art. 10", "since when"),
    ("key_locations", "end_date"): Column("art. 10", "until when (empty: lasts)"),
    ("key_locations", "location_key"): Column("pseudonym", "identity across exports"),
    ("key_locations", "load_id"): Column("technical", "the load that set the row"),
    ("key_locations", "source_row"): Column("technical", "row in that load's file"),
    **{
        ("restricted_relations", c): Column(cat, "as in relations")
        for c, cat in _RELATION_CATEGORIES.items()
    },
    **{
        ("restricted_key_locations", c): Column(cat, "as in key_locations")
        for c, cat in _LOCATION_CATEGORIES.items()
    },
    ("case_manager_pools", "case_manager"): Column(
        "pseudonym", "a case manager (as events.case_manager)"
    ),
    ("case_manager_pools", "pool"): Column(
        "process", "pool of the case manager (bands and pools, never persons)"
    ),
    ("case_manager_pools", "trained_on"): Column("process", "date of the training"),
    ("case_manager_pools", "load_id"): Column("technical", "the load that set the row"),
    ("attributes", "case_id"): Column(
        "pseudonym", "the case of an attribute of a generic log (none in profile ipgar)"
    ),
    ("attributes", "event_key"): Column(
        "pseudonym", "the event of an event attribute; empty for a case attribute"
    ),
    ("attributes", "name"): Column("technical", "the export's column or XES key"),
    ("attributes", "value_text"): Column(
        "process",
        "the value as read; a pseudonym when the mapping lists it as identifying",
    ),
    ("attributes", "value_num"): Column("process", "the value as a number"),
    ("attributes", "value_ts"): Column("process", "the value as an instant"),
    ("attributes", "load_id"): Column("technical", "the load that set the row"),
    ("activity_codes", "activity"): Column("technical", "activity code"),
    ("activity_codes", "code"): Column(
        "technical", "its small integer in the stored paths (stable once given)"
    ),
    ("episode_paths", "case_id"): Column("pseudonym", "the case of an episode"),
    ("episode_paths", "episode"): Column("process", "episode number in the case"),
    ("episode_paths", "path_key"): Column(
        "process", "the episode's activities in order, one character per event"
    ),
    ("episode_paths", "n_events"): Column("process", "events of the episode"),
    ("episode_paths", "start_at"): Column("process", "its first event"),
    ("episode_paths", "end_at"): Column("process", "its last event"),
    ("activity_firsts", "case_id"): Column("pseudonym", "the case"),
    ("activity_firsts", "activity_code"): Column(
        "technical", "the activity's code in activity_codes (version 12)"
    ),
    ("activity_firsts", "episode"): Column("process", "the episode of its first event"),
    ("activity_firsts", "first_at"): Column("process", "its first event in the case"),
    ("approach_windows", "case_id"): Column("pseudonym", "the case of an episode"),
    ("approach_windows", "case_key"): Column(
        "technical", "the case's small integer in the store (version 10)"
    ),
    ("approach_windows", "episode"): Column("process", "episode number in the case"),
    ("approach_windows", "instroom_seq"): Column(
        "process", "position of the episode's first instroom"
    ),
    ("approach_windows", "instroom_at"): Column("process", "its first instroom"),
    ("approach_windows", "exit_seq"): Column(
        "process", "position of its first uitstroom after that"
    ),
    ("approach_windows", "uitstroom_at"): Column(
        "process", "its first uitstroom after the instroom"
    ),
    ("activity_order", "activity"): Column("technical", "activity code"),
    ("activity_order", "rank"): Column("technical", "process order: ties"),
    ("meta", "key"): Column("technical", "schema version, profile, key fingerprint"),
    ("meta", "value"): Column("technical", "its value (never the key itself)"),
}

#: Files the toolkit writes beside the store, with their permissions and lifetime.
FILES: Final[tuple[tuple[str, str, str], ...]] = (
    ("<db>.duckdb", "owner-only (0600)", "the store; until purged or deleted"),
    ("<db>.duckdb.wal", "owner-only (0600)", "write-ahead log; merged at close"),
    (
        "<db>.duckdb.tmp/",
        "owner-only (0700)",
        "DuckDB spill of any command; emptied at the next load",
    ),
    (
        "<user cache>/ipgar/spill-*/",
        "owner-only (0700)",
        "spill of in-memory stores"
        " (validate, notebooks); removed at exit, or after a day when a crash left it",
    ),
    ("<db>.duckdb.log.jsonl", "owner-only", "processing log: no identifier"),
    ("<db>.duckdb.rewrite", "owner-only", "new file during a purge or upgrade"),
    (
        "reports/*.html, *.pdf",
        "owner-only (0600)",
        "reports: pseudonyms (intern) only; until the team deletes them",
    ),
    (
        "reports/ptor-*-intern.actions.csv",
        "owner-only (0600)",
        "the intern action lists (pseudonym, status); until the team deletes them",
    ),
    (
        "reidentify --out file",
        "owner-only (0600), never overwritten",
        "pseudonym and raw case number of the listed cases, for the key holder;"
        " delete after the PTO-R meeting",
    ),
    (
        "--out files (maps, draft mapping)",
        "owner-only (0600)",
        "what the command wrote; until the analyst deletes them",
    ),
    (
        "<temp>/ipgar-chromium-*/",
        "owner-only (0700)",
        "Chromium profile while a PDF is printed; removed after, or at the next "
        "report when a crash left it (after an hour)",
    ),
)


def render_markdown() -> str:
    """The text of ``docs/data-inventory.md``."""
    lines = [
        "# Data inventory",
        "",
        "Generated from `ipgar_metrics/inventory.py` "
        "(`python -m ipgar_metrics.inventory > docs/data-inventory.md`); a test checks",
        "that it lists every column of a store of the current schema version, and "
        "nothing else.",
        "",
        "## Categories",
        "",
        "| category | meaning |",
        "| --- | --- |",
        *(f"| {k} | {v} |" for k, v in CATEGORIES.items()),
        "",
        "## Columns of the store",
        "",
        "| table | column | category | purpose |",
        "| --- | --- | --- | --- |",
        *(
            f"| `{t}` | `{c}` | {col.category} | {col.purpose} |"
            for (t, c), col in INVENTORY.items()
        ),
        "",
        "## Files",
        "",
        "| file | permissions | kept |",
        "| --- | --- | --- |",
        *(f"| `{f}` | {p} | {k} |" for f, p, k in FILES),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render_markdown())
