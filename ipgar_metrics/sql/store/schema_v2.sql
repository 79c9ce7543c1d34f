-- Purpose: upgrade an event store of schema version 1 to version 2: the correction
--   history of events, the record of purges, and rejects that a repeated load of the
--   same export recognises (docs/store.md, "Schema versions").
-- Inputs: the tables of version 1. Grain: see each table. Parameters: none.
-- Runs inside the transaction of store._migrations.migrate, after which the Python step
-- of version 2 masks the label cells of rejects stored by version 1.
CREATE TABLE event_history (
    event_key    VARCHAR NOT NULL,   -- the event's identity (events.event_key)
    case_id      VARCHAR NOT NULL,   -- pseudonym
    activity     VARCHAR NOT NULL,
    ts           TIMESTAMPTZ NOT NULL,
    org          VARCHAR,
    case_manager VARCHAR,            -- pseudonym
    life_domain  VARCHAR,
    outcome      VARCHAR,
    event_id     VARCHAR,            -- pseudonym
    lifecycle    VARCHAR,
    load_id      INTEGER NOT NULL,   -- the load that brought this version
    replaced_by  INTEGER NOT NULL,   -- the load that corrected or deleted it
    change       VARCHAR NOT NULL    -- corrected | deleted
);
CREATE TABLE purges (
    purge_id        INTEGER PRIMARY KEY,
    purged_at       TIMESTAMPTZ NOT NULL,
    ended_before    DATE NOT NULL,     -- persons whose last episode ended before it
    cases           BIGINT NOT NULL,   -- counts only: no pseudonym of a purged person
    events          BIGINT NOT NULL,
    history_rows    BIGINT NOT NULL,
    rejects         BIGINT NOT NULL,
    flags           BIGINT NOT NULL,
    toolkit_version VARCHAR NOT NULL,
    snapshot_id     VARCHAR NOT NULL   -- the snapshot after the purge
);
ALTER TABLE loads ADD COLUMN corrected BIGINT DEFAULT 0;       -- events whose content changed
ALTER TABLE loads ADD COLUMN deleted BIGINT DEFAULT 0;         -- events deleted in the source
ALTER TABLE loads ADD COLUMN deletions_held BIGINT DEFAULT 0;  -- kept for review (--keep-deletions)
ALTER TABLE loads ADD COLUMN export_window VARCHAR;            -- NULL, 'full' or 'FIRST..LAST' (dates)
ALTER TABLE rejected_events ADD COLUMN file_sha256 VARCHAR;    -- NULL for rejects stored by version 1
