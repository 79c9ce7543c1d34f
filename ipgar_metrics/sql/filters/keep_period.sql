-- Purpose: keep the cases whose span relates to a period as the mode says.
-- Inputs: _filter_cases (filters/cases.sql).
-- Grain: deletes rows of _filter_cases.
-- Parameters: $start, $stop (TIMESTAMPTZ, the period is [start, stop)), $mode:
--   started (first event in the period), completed (last event in it), contained
--   (both), intersecting (the case's span and the period overlap).
DELETE FROM _filter_cases
WHERE NOT CASE $mode
    WHEN 'started' THEN first_at >= $start AND first_at < $stop
    WHEN 'completed' THEN last_at >= $start AND last_at < $stop
    WHEN 'contained' THEN first_at >= $start AND last_at < $stop
    ELSE first_at < $stop AND last_at >= $start
END;
