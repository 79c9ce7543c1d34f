-- Purpose: attribute values that contradict each other: a melding whose source
--   (outcome) differs from the case's report_source, and case attributes that differ
--   between the rows of one case (flagged at load in quality_flags). Profile ipgar.
-- Inputs: events, cases, quality_flags. Grain: one row per contradiction.
-- Output columns: case_id (pseudonym), seq (the melding; NULL for a case-level flag), detail.
-- Parameters: none.
SELECT e.case_id, e.seq, 'melding source ' || e.outcome || ' vs report_source ' || c.report_source AS detail
FROM events AS e JOIN cases AS c USING (case_id)
WHERE e.activity = 'melding' AND e.outcome IS NOT NULL AND c.report_source IS NOT NULL
    AND e.outcome <> c.report_source
UNION ALL
SELECT case_id, NULL, message
FROM quality_flags
WHERE check_code = 'conflicting_attribute'
ORDER BY 1;
