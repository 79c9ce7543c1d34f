-- Purpose: the distinct values of one filter attribute in the store.
-- Inputs: events, cases (the store's own tables).
-- Grain: one row per value.
-- Output columns: value.
-- Parameters: $attribute (an event column: org, life_domain, outcome, lifecycle; or
--   a case attribute: report_source, risk_category, ideology).
SELECT DISTINCT value FROM (
    SELECT CASE $attribute
        WHEN 'org' THEN org
        WHEN 'life_domain' THEN life_domain
        WHEN 'outcome' THEN outcome
        WHEN 'lifecycle' THEN lifecycle
    END AS value
    FROM events
    UNION ALL
    SELECT CASE $attribute
        WHEN 'report_source' THEN report_source
        WHEN 'risk_category' THEN risk_category
        WHEN 'ideology' THEN ideology
    END AS value
    FROM cases
)
WHERE value IS NOT NULL
ORDER BY value;
