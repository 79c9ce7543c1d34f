-- Purpose: recompute the rows of approach_windows (sql/store/schema_v13.sql) of some
--   cases (or of all) from their events: per episode its first instroom and the first
--   uitstroom after it, as the approach_window_scanned macro finds them at the last
--   event (sql/store/macros.sql). A case without events, or without an instroom, keeps
--   no row. The new rows are written ordered by case_key and episode.
-- Inputs: events (numbered: case_key set, store/reorder_*), _path_cases (the view of
--   the case ids, made by store.refresh_derived_rows).
-- Grain: not a query (replaces the rows of those cases).
-- Parameters: none.
DELETE FROM approach_windows WHERE case_id IN (SELECT case_id FROM _path_cases);
INSERT INTO approach_windows
WITH touched AS (
    SELECT case_id, case_key, episode, seq, ts, activity
    FROM events
    WHERE case_id IN (SELECT case_id FROM _path_cases)
      AND activity IN ('instroom', 'uitstroom')
),
instroom AS (
    SELECT case_id, case_key, episode, min(seq) AS instroom_seq, min(ts) AS instroom_at
    FROM touched
    WHERE activity = 'instroom'
    GROUP BY case_id, case_key, episode
),
first_exit AS (
    SELECT t.case_key, t.episode, min(t.seq) AS exit_seq, min(t.ts) AS uitstroom_at
    FROM touched AS t
    JOIN instroom AS i USING (case_key, episode)
    WHERE t.activity = 'uitstroom' AND t.seq > i.instroom_seq
    GROUP BY t.case_key, t.episode
)
SELECT
    i.case_id, i.case_key, i.episode, i.instroom_seq, i.instroom_at, x.exit_seq,
    x.uitstroom_at
FROM instroom AS i
LEFT JOIN first_exit AS x USING (case_key, episode)
ORDER BY i.case_key, i.episode;
