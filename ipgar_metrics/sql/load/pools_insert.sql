-- Purpose: add the rows of a case_managers.csv that case_manager_pools does not hold
--   (new case managers, and those pools_replace removed), with this load's number.
-- Inputs: the registered frame _pools(case_manager, pool, trained_on);
--   case_manager_pools. Grain: one row per case manager added. Output: none.
-- Parameters: $load_id (this pool load's number, pools_next_load).
INSERT INTO case_manager_pools (case_manager, pool, trained_on, load_id)
SELECT n.case_manager, n.pool, CAST(n.trained_on AS DATE), $load_id
FROM _pools AS n
WHERE NOT EXISTS (
    SELECT 1 FROM case_manager_pools AS c WHERE c.case_manager = n.case_manager
);
