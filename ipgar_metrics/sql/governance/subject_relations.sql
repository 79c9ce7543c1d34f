-- Purpose: the relations and key locations of one person, for an access request (AVG
--   art. 15): the type and the dates only; the other person of a relation is shown
--   as 'andere persoon', never by their pseudonym, and a key location only as
--   'sleutellocatie'. Rows held apart while a person is restricted count too.
-- Inputs: relations, restricted_relations, key_locations, restricted_key_locations.
-- Grain: one row per relation or key location of the person.
-- Output columns: kind ('relatie' or 'sleutellocatie'), relation (type; for a key
--   location 'sleutellocatie'), other ('andere persoon', or NULL for a key location),
--   start_date, end_date, restricted.
-- Parameters: $case_id (VARCHAR: the pseudonym).
WITH rows AS (
    SELECT 'relatie' AS kind, relation, 'andere persoon' AS other, start_date, end_date, false AS restricted
    FROM relations WHERE $case_id IN (case_a, case_b)
    UNION ALL
    SELECT 'relatie', relation, 'andere persoon', start_date, end_date, true
    FROM restricted_relations WHERE $case_id IN (case_a, case_b)
    UNION ALL
    SELECT 'sleutellocatie', 'sleutellocatie', NULL, start_date, end_date, false
    FROM key_locations WHERE case_id = $case_id
    UNION ALL
    SELECT 'sleutellocatie', 'sleutellocatie', NULL, start_date, end_date, true
    FROM restricted_key_locations WHERE case_id = $case_id
)
SELECT * FROM rows
ORDER BY kind, start_date, relation, end_date NULLS LAST;
