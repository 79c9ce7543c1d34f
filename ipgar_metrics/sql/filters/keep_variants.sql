-- Purpose: keep the cases of some variants, by rank (1 = the most frequent).
-- Inputs: _filter_cases.
-- Grain: deletes rows of _filter_cases.
-- Parameters: $ranks (INTEGER[]).
DELETE FROM _filter_cases
WHERE NOT list_contains($ranks, variant_rank);
