-- Purpose: recompute the rows of activity_firsts (sql/store/schema_v12.sql) of some
--   cases (or of all) from their events; a case without events keeps no row. The new
--   rows are written ordered by activity code, then case.
-- Inputs: events (numbered: activity_code set, store/reorder_*), _path_cases (the
--   view of the case ids, made by store.refresh_derived_rows: the cases a step
--   touched, or every case in events and the derived tables).
-- Grain: not a query (replaces the rows of those cases).
-- Parameters: none.
DELETE FROM activity_firsts WHERE case_id IN (SELECT case_id FROM _path_cases);
INSERT INTO activity_firsts
SELECT
    case_id,
    activity_code,
    min(episode) AS episode,
    min(ts) AS first_at
FROM events
WHERE case_id IN (SELECT case_id FROM _path_cases)
GROUP BY case_id, activity_code
ORDER BY activity_code, case_id;
