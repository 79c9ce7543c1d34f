-- Purpose: keep the cases that start with one of some activities and end with one of
--   others (Disco's endpoints filter).
-- Inputs: _filter_cases (path: the case's activities in the store's order).
-- Grain: deletes rows of _filter_cases.
-- Parameters: $starts, $ends (VARCHAR[]; empty: that end is not tested).
DELETE FROM _filter_cases
WHERE (len(CAST($starts AS VARCHAR[])) > 0
       AND NOT list_contains(CAST($starts AS VARCHAR[]), path[1]))
   OR (len(CAST($ends AS VARCHAR[])) > 0
       AND NOT list_contains(CAST($ends AS VARCHAR[]), path[-1]));
