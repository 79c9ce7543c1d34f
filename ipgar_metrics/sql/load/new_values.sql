-- Purpose: the loaded cells whose value of org, outcome, risk_category or ideology is
--   outside the vocabulary (_vocab: schema's codes and the vocabulary file's). They
--   load; load/flags gives each a new_value flag and the load names the new values.
--   Outcomes count only for activities with an outcome vocabulary (as in load/rejects).
-- Inputs: _valid (event rows), _case_checked and _case_rejects (case-table rows),
--   _vocab(col, activity, code), _headers(_file, col, header).
-- Grain: one row per (file, row, column) with a new value.
-- Output columns: _file, _row, case_id (pseudonym), col (canonical column), header
--   (export header), activity (for an outcome, else NULL), value (never stored nor
--   shown: the load's note names only its masked shape, load/new_value_counts).
-- Parameters: $profile (only 'ipgar' checks the vocabulary).
CREATE OR REPLACE TEMP TABLE _new_values AS
WITH
    known AS (SELECT DISTINCT col, activity, code FROM _vocab),
    outcome_activities AS (SELECT DISTINCT activity FROM _vocab WHERE col = 'outcome'),
    attribute_rows AS (
        SELECT _file, _row, case_id, activity, org, outcome, risk_category, ideology
        FROM _valid
        UNION ALL
        SELECT c._file, c._row, c.case_id, NULL, NULL, NULL, c.risk_category, c.ideology
        FROM _case_checked AS c
        ANTI JOIN _case_rejects AS r USING (_file, _row)
        WHERE NOT c.is_duplicate
    ),
    cells AS (
        -- one pass over the rows: the four columns side by side, then one row each
        SELECT
            r._file, r._row, r.case_id, r.activity,
            CASE WHEN kg.code IS NULL THEN r.org END AS new_org,
            CASE WHEN oa.activity IS NOT NULL AND ko.code IS NULL THEN r.outcome END AS new_outcome,
            CASE WHEN kr.code IS NULL THEN r.risk_category END AS new_risk_category,
            CASE WHEN ki.code IS NULL THEN r.ideology END AS new_ideology
        FROM attribute_rows AS r
        LEFT JOIN known AS kg ON kg.col = 'org' AND kg.code = r.org
        LEFT JOIN outcome_activities AS oa ON oa.activity = r.activity
        LEFT JOIN known AS ko
            ON ko.col = 'outcome' AND ko.activity = r.activity AND ko.code = r.outcome
        LEFT JOIN known AS kr ON kr.col = 'risk_category' AND kr.code = r.risk_category
        LEFT JOIN known AS ki ON ki.col = 'ideology' AND ki.code = r.ideology
        WHERE $profile = 'ipgar'
    ),
    new_cells AS MATERIALIZED (
        SELECT * FROM cells
        WHERE coalesce(new_org, new_outcome, new_risk_category, new_ideology) IS NOT NULL
    ),
    long_cells AS (
        SELECT _file, _row, case_id, 'org' AS col, NULL AS activity, new_org AS value
        FROM new_cells WHERE new_org IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'outcome', activity, new_outcome
        FROM new_cells WHERE new_outcome IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'risk_category', NULL, new_risk_category
        FROM new_cells WHERE new_risk_category IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'ideology', NULL, new_ideology
        FROM new_cells WHERE new_ideology IS NOT NULL
    )
SELECT c._file, c._row, c.case_id, c.col, coalesce(h.header, c.col) AS header, c.activity, c.value
FROM long_cells AS c
LEFT JOIN _headers AS h ON h._file = c._file AND h.col = c.col;
