-- Purpose: upgrade an event store of schema version 8 to version 9: the path of every
--   episode stored once, at load, so that the variants are a group-by (issue 21 item 1).
--   activity_codes gives each activity a small integer, stable once given (a new
--   activity gets the next free code; none is renumbered or reused). episode_paths
--   holds one row per episode of events: its activities in the order of seq (time,
--   then the tie-breaks of sql/store/reorder_*.sql, as paths/variants orders them) as
--   path_key, one character chr(256 + code) per event, its number of events and its
--   first and last instant. The rows are derived from events and recomputed wherever
--   events change (store.refresh_episode_paths, sql/store/path_*.sql); the Python
--   step beside this file fills them in the upgrade's transaction.
--   (docs/store.md, "Schema versions").
-- Inputs: the tables of version 8. Grain: see each table. Parameters: none.
CREATE TABLE activity_codes (
    activity VARCHAR PRIMARY KEY,   -- the activity as in events.activity
    code     INTEGER NOT NULL       -- 0, 1, 2, ... in the order activities were first seen
);
CREATE TABLE episode_paths (
    case_id  VARCHAR NOT NULL,      -- pseudonym, as events.case_id
    episode  INTEGER NOT NULL,      -- as events.episode (1 in profile generic)
    path_key VARCHAR,               -- chr(256 + code) per event in seq order; NULL when
                                    -- an activity's code is 55,000 or more
    n_events INTEGER NOT NULL,      -- events of the episode
    start_at TIMESTAMPTZ NOT NULL,  -- its first event
    end_at   TIMESTAMPTZ NOT NULL   -- its last event
);
