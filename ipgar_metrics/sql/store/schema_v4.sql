-- Purpose: upgrade an event store of schema version 3 to version 4: the action lists
--   of each internal monthly report (contact gaps, rule violations, long stays), by
--   pseudonym, so that the next report can say which case is new on a list, which
--   stays on it and which left it (docs/store.md, "Schema versions").
-- Inputs: the tables of version 3. Grain: one row per (month, list, case).
-- Parameters: none.
CREATE TABLE report_lists (
    month       VARCHAR NOT NULL,      -- YYYY-MM of the report
    list        VARCHAR NOT NULL,      -- contact_gaps, rule_violations, long_stays
    case_id     VARCHAR NOT NULL,      -- pseudonym
    snapshot_id VARCHAR,               -- the snapshot the report was built from
    written_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (month, list, case_id)
);
