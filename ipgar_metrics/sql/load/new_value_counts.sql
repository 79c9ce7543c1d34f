-- Purpose: the new values of this load (load/new_values) with their rows, for the
--   load's one-line note (the values stay in memory; the note shows codes only).
-- Inputs: _new_values. Grain: one row per column, activity and value.
-- Output columns: col, activity (outcomes only), value, n (rows).
-- Parameters: none.
SELECT col, activity, value, count(*) AS n
FROM _new_values
GROUP BY col, activity, value
ORDER BY col, activity, value;
