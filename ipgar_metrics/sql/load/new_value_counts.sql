-- Purpose: the new values of this load (load/new_values) with their rows, for the
--   load's one-line note. A value outside the vocabulary is not a known label: it
--   leaves this step only as its masked shape (masked_shape), never as the value.
-- Inputs: _new_values. Grain: one row per column, activity and (distinct) value.
-- Output columns: col, activity (outcomes only), value (the value's masked shape),
--   n (rows).
-- Parameters: none.
SELECT col, activity, masked_shape(value) AS value, count(*) AS n
FROM _new_values
GROUP BY col, activity, _new_values.value
ORDER BY col, activity, masked_shape(_new_values.value), _new_values.value;
