-- Purpose: upgrade an event store of schema version 2 to version 3: the store's own
--   settings (retention period, the processing of relations with a DPIA reference) and
--   the restriction of processing of one person (AVG art. 18), whose rows are held
--   apart so that no metric, report or figure reads them (docs/store.md, "Schema
--   versions").
-- Inputs: the tables of version 2. Grain: see each table. Parameters: none.
CREATE TABLE settings (
    key        VARCHAR PRIMARY KEY,   -- retention_years, relations, relations_dpia, ...
    value      VARCHAR NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE restricted_events (      -- the events of restricted persons, as in events
    case_id      VARCHAR NOT NULL,
    episode      INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    activity     VARCHAR NOT NULL,
    ts           TIMESTAMPTZ NOT NULL,
    org          VARCHAR,
    case_manager VARCHAR,
    life_domain  VARCHAR,
    outcome      VARCHAR,
    event_id     VARCHAR,
    lifecycle    VARCHAR,
    event_key    VARCHAR NOT NULL,
    load_id      INTEGER NOT NULL,
    source_row   BIGINT NOT NULL
);
CREATE TABLE restricted_cases (       -- one row per restricted person
    case_id       VARCHAR PRIMARY KEY,
    report_source VARCHAR,
    risk_category VARCHAR,
    ideology      VARCHAR,
    restricted_at TIMESTAMPTZ NOT NULL
);
