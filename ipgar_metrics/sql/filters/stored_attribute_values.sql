-- Purpose: the distinct values of one stored attribute of a generic log.
-- Inputs: attributes (the store's own table). Grain: one row per value.
-- Output columns: value.
-- Parameters: $attribute_name (the attribute's name as stored), $scope ('case', 'event' or
--   'any').
SELECT DISTINCT value_text AS value
FROM attributes
WHERE name = $attribute_name
    AND value_text IS NOT NULL
    AND CASE $scope
        WHEN 'case' THEN event_key IS NULL
        WHEN 'event' THEN event_key IS NOT NULL
        ELSE true
    END
ORDER BY value;
