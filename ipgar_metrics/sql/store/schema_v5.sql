-- Purpose: upgrade an event store of schema version 4 to version 5: the register of
--   published reports (month, audience, language, snapshot, when written, and for a
--   measure's baseline report the measures it is the frozen baseline of) and the key
--   figures each one published, so that a later report can say which figures of an
--   earlier month changed, and why (docs/store.md, "Schema versions"; docs/report.md,
--   "Revisions"). Rows are only added, never changed: a rerun is a new row.
-- Inputs: the tables of version 4. Grain: see each table. Parameters: none.
CREATE TABLE published_reports (
    report_id       INTEGER PRIMARY KEY,  -- 1, 2, ... in the order written
    month           VARCHAR NOT NULL,     -- YYYY-MM of the report
    audience        VARCHAR NOT NULL,     -- intern | extern
    lang            VARCHAR NOT NULL,     -- nl | en
    k               INTEGER NOT NULL,     -- suppression threshold (extern)
    snapshot_id     VARCHAR,              -- the snapshot the report was built from
    last_load_id    INTEGER,              -- the store's latest load at that snapshot
    last_purge_id   INTEGER,              -- the store's latest purge at that snapshot
    toolkit_version VARCHAR NOT NULL,
    written_at      TIMESTAMPTZ NOT NULL,
    baseline_for    VARCHAR               -- JSON list of measure names, or NULL
);
CREATE TABLE published_figures (
    report_id INTEGER NOT NULL,           -- published_reports.report_id
    figure    VARCHAR NOT NULL,           -- a key figure of the summary (inflow, ...)
    kind      VARCHAR NOT NULL,           -- count | stat | share | range (an end)
    value     DOUBLE,                     -- as published; NULL: suppressed or not shown
    PRIMARY KEY (report_id, figure)
);
