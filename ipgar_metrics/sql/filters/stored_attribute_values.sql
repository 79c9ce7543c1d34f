-- Purpose: the distinct values of one stored attribute of a generic log.
-- Inputs: attributes (the store's own table), restricted_cases: the values of a
--   person whose processing is restricted (AVG art. 18) are left out, as their events
--   are (schema version 8 keeps their attribute rows in place; docs/privacy.md).
-- Grain: one row per value.
-- Output columns: value.
-- Parameters: $attribute_name (the attribute's name as stored), $scope ('case', 'event' or
--   'any').
SELECT DISTINCT value_text AS value
FROM attributes
WHERE name = $attribute_name
    AND value_text IS NOT NULL
    AND case_id NOT IN (SELECT case_id FROM restricted_cases)
    AND CASE $scope
        WHEN 'case' THEN event_key IS NULL
        WHEN 'event' THEN event_key IS NOT NULL
        ELSE true
    END
ORDER BY value;
