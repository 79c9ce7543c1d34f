-- Purpose: keep the cases with one of some values of a stored attribute of a generic
--   log (table attributes, schema version 8): an event attribute keeps a case with
--   at least one event of one of the values (as keep_attribute), a case attribute
--   the case's own value.
-- Inputs: _filter_cases, attributes (the store's own table; the rows of a person
--   whose processing is restricted, AVG art. 18, never keep a case), restricted_cases.
--   Grain: deletes rows of _filter_cases.
-- Parameters: $attribute_name (the attribute's name as stored), $scope ('case', 'event' or
--   'any': both), $values (VARCHAR[], compared with value_text).
DELETE FROM _filter_cases
WHERE case_id NOT IN (
    SELECT a.case_id FROM attributes AS a
    WHERE a.name = $attribute_name
        AND list_contains($values, a.value_text)
        AND a.case_id NOT IN (SELECT case_id FROM restricted_cases)
        AND CASE $scope
            WHEN 'case' THEN a.event_key IS NULL
            WHEN 'event' THEN a.event_key IS NOT NULL
            ELSE true
        END
);
