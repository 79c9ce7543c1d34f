-- Purpose: create the tables of event-store schema version 1.
-- Inputs: none. Grain: see each table. Parameters: none.
CREATE TABLE IF NOT EXISTS events (
    case_id      VARCHAR NOT NULL,   -- pseudonym (keyed hash), never a raw case number
    episode      INTEGER NOT NULL,   -- 1, 2, ... within the case (profile ipgar); 1 for generic
    seq          INTEGER NOT NULL,   -- position within the case after deterministic ordering
    activity     VARCHAR NOT NULL,
    ts           TIMESTAMPTZ NOT NULL,
    org          VARCHAR,
    case_manager VARCHAR,            -- pseudonym
    life_domain  VARCHAR,
    outcome      VARCHAR,
    event_id     VARCHAR,            -- the source system's own key (pseudonymised)
    lifecycle    VARCHAR,            -- XES lifecycle:transition, when present
    event_key    VARCHAR NOT NULL,   -- identity used to recognise the same event in overlapping exports
    load_id      INTEGER NOT NULL,   -- the load that first brought the event
    source_row   BIGINT NOT NULL     -- row number in that load's file (tie order, profile generic)
);
CREATE TABLE IF NOT EXISTS cases (
    case_id       VARCHAR PRIMARY KEY,
    report_source VARCHAR,
    risk_category VARCHAR,
    ideology      VARCHAR
);
CREATE TABLE IF NOT EXISTS rejected_events (
    load_id     INTEGER NOT NULL,
    file        VARCHAR NOT NULL,
    "row"       BIGINT NOT NULL,     -- 1-based data row of the file (the header is row 0)
    column_name VARCHAR,
    reason_code VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    case_id     VARCHAR,             -- pseudonym, when the row had a case id
    raw         VARCHAR              -- the row as JSON, identifying cells pseudonymised
);
CREATE TABLE IF NOT EXISTS loads (
    load_id            INTEGER PRIMARY KEY,
    loaded_at          TIMESTAMPTZ NOT NULL,
    profile            VARCHAR NOT NULL,
    files              VARCHAR NOT NULL,  -- JSON list of {"name", "sha256", "rows"}
    mapping_sha256     VARCHAR,
    export_date        DATE,
    rows_read          BIGINT NOT NULL,
    rows_loaded        BIGINT NOT NULL,   -- valid rows: new_events + already_present
    new_events         BIGINT NOT NULL,
    already_present    BIGINT NOT NULL,
    rows_rejected      BIGINT NOT NULL,
    duplicates_skipped BIGINT NOT NULL,
    toolkit_version    VARCHAR NOT NULL,
    snapshot_id        VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS activity_order (
    activity VARCHAR PRIMARY KEY,
    rank     INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS quality_flags (
    load_id    INTEGER NOT NULL,
    file       VARCHAR,              -- file name (no path), NULL for a case-level flag
    "row"      BIGINT,               -- data row of the file, NULL for a case-level flag
    case_id    VARCHAR,              -- pseudonym
    check_code VARCHAR NOT NULL,     -- ambiguous_local_time, duplicate_row, conflicting_attribute
    message    VARCHAR NOT NULL      -- no identifying value
);
