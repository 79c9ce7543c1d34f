-- Purpose: the names of the stored attributes of a generic log, case attributes
--   written case:<name>, for the did-you-mean of a filter.
-- Inputs: attributes (the store's own table). Grain: one row per name and scope.
-- Output columns: name. Parameters: none.
SELECT DISTINCT CASE WHEN event_key IS NULL THEN 'case:' || name ELSE name END AS name
FROM attributes
ORDER BY name;
