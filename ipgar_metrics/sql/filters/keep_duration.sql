-- Purpose: keep the cases whose duration (first to last event) lies within bounds.
-- Inputs: _filter_cases.
-- Grain: deletes rows of _filter_cases.
-- Parameters: $low_s, $high_s (DOUBLE seconds, both included; NULL: open side).
DELETE FROM _filter_cases
WHERE ($low_s IS NOT NULL AND duration_s < $low_s)
   OR ($high_s IS NOT NULL AND duration_s > $high_s);
