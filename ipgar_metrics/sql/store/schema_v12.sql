-- Purpose: upgrade an event store of schema version 11 to version 12: the first time
--   of every activity in every case, kept at load (issue 21), so that the lead time
--   from A to B over whole cases (lead_time_between within='case', pm4py's measure)
--   reads two activities' rows of a small table instead of scanning every event.
--   One row per case and activity that occurs in it: the activity's code
--   (activity_codes.code), the instant of its first event and the episode of that
--   event (episodes never decrease along seq, and seq follows time, so the first
--   event's episode is the least episode of the activity's events). Rows are
--   written ordered by activity_code, so that a query on two activities skips the
--   others' blocks. The rows derive from events and are recomputed wherever events
--   change (store.refresh_derived_rows, sql/store/firsts_refresh.sql); the Python
--   step beside this file fills them in the upgrade's transaction.
--   (docs/store.md, "Schema versions").
-- Inputs: the tables of version 11. Grain: not a query. Parameters: none.
CREATE TABLE activity_firsts (
    case_id       VARCHAR NOT NULL,      -- pseudonym, as events.case_id
    activity_code INTEGER NOT NULL,      -- activity_codes.code of the activity
    episode       INTEGER NOT NULL,      -- the episode of its first event
    first_at      TIMESTAMPTZ NOT NULL   -- the instant of its first event
);
