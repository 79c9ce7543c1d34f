-- Purpose: rewrite the whole events table numbered (seq, episode) and sorted by case
--   and position (case_key, seq). Run after store/reorder_<profile> over the view _to_number of every
--   event (store.reorder).
-- Inputs: _numbered (over all of events). Grain: one row per event (same rows).
-- Parameters: none.
CREATE OR REPLACE TABLE events AS
SELECT * FROM _numbered
ORDER BY case_key, seq;
