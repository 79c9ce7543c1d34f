-- Purpose: keep the cases with one of some values of an attribute.
-- Inputs: _filter_cases, events, cases (the store's own tables).
-- Grain: deletes rows of _filter_cases.
-- Parameters: $attribute (an event column: org, life_domain, outcome, lifecycle; or
--   a case attribute: report_source, risk_category, ideology), $values (VARCHAR[]).
-- An event attribute keeps a case with at least one event of one of the values (as
-- Disco's attribute filter in "mandatory" mode); a case attribute the case's value.
DELETE FROM _filter_cases
WHERE case_id NOT IN (
    SELECT case_id FROM events
    WHERE list_contains($values, CASE $attribute
        WHEN 'org' THEN org
        WHEN 'life_domain' THEN life_domain
        WHEN 'outcome' THEN outcome
        WHEN 'lifecycle' THEN lifecycle
    END)
    UNION ALL
    SELECT case_id FROM cases
    WHERE list_contains($values, CASE $attribute
        WHEN 'report_source' THEN report_source
        WHEN 'risk_category' THEN risk_category
        WHEN 'ideology' THEN ideology
    END)
);
