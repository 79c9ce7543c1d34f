-- Purpose: how many relations (either person) and key locations of the purged or
--   erased persons a purge removes, open and restricted: counts only.
-- Inputs: _purged (one row per case_id), relations, restricted_relations,
--   key_locations, restricted_key_locations. Grain: one row.
-- Output columns: relations, key_locations. Parameters: none.
WITH purged AS (SELECT DISTINCT case_id FROM _purged)
SELECT
    (SELECT count(*) FROM relations WHERE case_a IN (SELECT case_id FROM purged) OR case_b IN (SELECT case_id FROM purged))
        + (SELECT count(*) FROM restricted_relations WHERE case_a IN (SELECT case_id FROM purged) OR case_b IN (SELECT case_id FROM purged)) AS relations,
    (SELECT count(*) FROM key_locations WHERE case_id IN (SELECT case_id FROM purged))
        + (SELECT count(*) FROM restricted_key_locations WHERE case_id IN (SELECT case_id FROM purged)) AS key_locations;
