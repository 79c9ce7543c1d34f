-- Purpose: rewrite the whole events table numbered (seq, episode) and sorted by case
--   and position (case_key, seq). Run after store/reorder_<profile> over the view _to_number of every
--   event (store.reorder).
-- Inputs: _numbered (over all of events), whose rows come sorted by case_key,
--   episode and seq (store/reorder_<profile>): written in that order.
-- Grain: one row per event (same rows).
-- Parameters: none.
CREATE OR REPLACE TABLE events AS
SELECT * FROM _numbered;
