-- Purpose: the one person a data subject's request is about, as a table that the
--   steps of erasure (delete_purged), restriction and lifting join: the pseudonym of the
--   case id given (normalised and pseudonymised in Python with the store's key).
-- Inputs: none. Grain: one row. Output columns: case_id (pseudonym).
-- Parameters: $case_id (VARCHAR: the pseudonym, never a raw case id).
SELECT CAST($case_id AS VARCHAR) AS case_id
