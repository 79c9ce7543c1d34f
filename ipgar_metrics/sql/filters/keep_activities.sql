-- Purpose: keep the cases that contain one of some activities, or contain none of them.
-- Inputs: _filter_cases.
-- Grain: deletes rows of _filter_cases.
-- Parameters: $activities (VARCHAR[]), $contains (BOOLEAN: true keeps the cases with
--   at least one of them, false the cases with none of them).
DELETE FROM _filter_cases
WHERE list_has_any(path, $activities) <> $contains;
