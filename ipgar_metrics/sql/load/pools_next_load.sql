-- Purpose: the number of the next load of a case_managers.csv (its own sequence,
--   not a row of loads: a pool file is no export of events).
-- Inputs: case_manager_pools. Grain: one row. Output columns: load_id.
-- Parameters: none.
SELECT coalesce(max(load_id), 0) + 1 AS load_id FROM case_manager_pools;
