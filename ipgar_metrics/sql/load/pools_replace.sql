-- Purpose: remove the rows of case_manager_pools that a new case_managers.csv
--   changes (another pool or training date for the same case manager): the latest
--   file wins per case manager; an unchanged row stays as it was, with its load.
-- Inputs: the registered frame _pools(case_manager, pool, trained_on), case
--   managers already pseudonymised (ingest/_pools.py); case_manager_pools.
-- Grain: statement. Output: none. Parameters: none.
DELETE FROM case_manager_pools AS c
USING _pools AS n
WHERE c.case_manager = n.case_manager
    AND (c.pool IS DISTINCT FROM n.pool OR c.trained_on IS DISTINCT FROM n.trained_on);
