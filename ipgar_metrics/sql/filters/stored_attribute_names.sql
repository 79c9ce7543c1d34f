-- Purpose: the names of the stored attributes of a generic log, case attributes
--   written case:<name>, for the did-you-mean of a filter.
-- Inputs: attributes (the store's own table), restricted_cases: a name only a
--   person whose processing is restricted (AVG art. 18) holds is left out.
-- Grain: one row per name and scope.
-- Output columns: name. Parameters: none.
SELECT DISTINCT CASE WHEN event_key IS NULL THEN 'case:' || name ELSE name END AS name
FROM attributes
WHERE case_id NOT IN (SELECT case_id FROM restricted_cases)
ORDER BY name;
