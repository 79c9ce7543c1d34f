-- Purpose: upgrade an event store of schema version 12 to version 13: the window of
--   every episode in the approach, kept at load (issue 21), so that "in the approach"
--   (ADR 0003; the approach_window macro, sql/store/macros.sql) reads one small table
--   instead of scanning the events twice for instroom and uitstroom in every statement
--   of contact, integrality, flow and caseload. One row per episode with an instroom:
--   the seq and instant of its first instroom, and of its first uitstroom after it
--   (NULL while there is none). The rows hold the whole store; the macro cuts them at
--   any reference time (seq follows time within a case, so the first instroom at or
--   before a moment is the stored one when that is). The rows derive from events and
--   are recomputed wherever events change (store.refresh_derived_rows,
--   sql/store/windows_refresh.sql); the Python step beside this file fills them in the
--   upgrade's transaction (docs/store.md, "Schema versions").
-- Inputs: the tables of version 12. Grain: not a query. Parameters: none.
CREATE TABLE approach_windows (
    case_id      VARCHAR NOT NULL,      -- pseudonym, as events.case_id
    case_key     INTEGER NOT NULL,      -- events.case_key of the case
    episode      INTEGER NOT NULL,
    instroom_seq INTEGER NOT NULL,      -- the episode's first instroom
    instroom_at  TIMESTAMPTZ NOT NULL,
    exit_seq     INTEGER,               -- its first uitstroom after that instroom
    uitstroom_at TIMESTAMPTZ
);
