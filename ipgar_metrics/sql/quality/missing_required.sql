-- Purpose: events without an attribute their activity needs (loaded, but metrics
--   that use the attribute skip them): org for regie/contact/interventie, life domain
--   for interventie, outcome for ivgr_advies/ptor_besluit/uitstroom. Profile ipgar.
-- Inputs: events. Grain: one row per event and missing attribute.
-- Output columns: rule (missing_org, missing_life_domain, missing_outcome), case_id, seq, detail.
-- Parameters: $org_required, $life_domain_required, $outcome_required (activity lists).
SELECT 'missing_org' AS rule, case_id, seq, activity AS detail
FROM events WHERE org IS NULL AND list_contains($org_required, activity)
UNION ALL
SELECT 'missing_life_domain', case_id, seq, activity
FROM events WHERE life_domain IS NULL AND list_contains($life_domain_required, activity)
UNION ALL
SELECT 'missing_outcome', case_id, seq, activity
FROM events WHERE outcome IS NULL AND list_contains($outcome_required, activity)
ORDER BY 1, 2;
