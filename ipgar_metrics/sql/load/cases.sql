-- Purpose: add or update the cases of this load with their attributes. A value in
--   this load (event rows or a separate case table) replaces the stored one; a missing value keeps the stored one. When the
--   rows of one case disagree, the last row (file order) wins and the quality report
--   flags the conflict.
-- Inputs: _valid, _case_checked and _case_rejects (separate case tables), cases.
-- Grain: one row per case of this load.
-- Output: rows inserted or replaced in cases. Parameters: none.
INSERT OR REPLACE INTO cases
WITH
    attribute_rows AS (
        SELECT case_id, report_source, risk_category, ideology, _file, _row FROM _valid
        UNION ALL
        SELECT c.case_id, c.report_source, c.risk_category, c.ideology, c._file, c._row
        FROM _case_checked AS c
        ANTI JOIN _case_rejects AS r USING (_file, _row)
        WHERE NOT c.is_duplicate
    ),
    latest AS (
        SELECT
            case_id,
            arg_max(report_source, _file * 1000000000000 + _row) FILTER (WHERE report_source IS NOT NULL) AS report_source,
            arg_max(risk_category, _file * 1000000000000 + _row) FILTER (WHERE risk_category IS NOT NULL) AS risk_category,
            arg_max(ideology, _file * 1000000000000 + _row) FILTER (WHERE ideology IS NOT NULL) AS ideology
        FROM attribute_rows
        GROUP BY case_id
    )
SELECT
    l.case_id,
    coalesce(l.report_source, c.report_source),
    coalesce(l.risk_category, c.risk_category),
    coalesce(l.ideology, c.ideology)
FROM latest AS l
LEFT JOIN cases AS c USING (case_id);
