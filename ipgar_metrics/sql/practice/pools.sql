-- Purpose: the case managers' pools (issue 23 item 3c), for the practice profile's
--   view by pool; pseudonyms only, counted and never shown.
-- Inputs: case_manager_pools (loaded from an optional case_managers.csv).
-- Grain: one row per case manager. Output columns: case_manager, pool, trained_on.
-- Parameters: none.
SELECT case_manager, pool, trained_on FROM case_manager_pools ORDER BY case_manager;
