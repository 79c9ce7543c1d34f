-- Purpose: the rows of separate case tables (a case id and case attributes, no
--   events): labels mapped with the [values.X] tables, exact copies marked.
-- Inputs: _case_staged (staging columns of the case-table files, with _row),
--   _values(col, label, code).
-- Grain: one row per case-table row.
-- Output: _file, _row, _rowhash, _long, _formula, _extra, case_id (pseudonym),
--   report_source, risk_category, ideology, is_duplicate (an exact copy of an
--   earlier row of the same file).
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE _case_checked AS
WITH
    v_report_source AS (SELECT label, code FROM _values WHERE col = 'report_source'),
    v_risk_category AS (SELECT label, code FROM _values WHERE col = 'risk_category'),
    v_ideology AS (SELECT label, code FROM _values WHERE col = 'ideology'),
    mapped AS (
        SELECT
            s._file, s._row, s._rowhash, s._long, s._formula, s._extra, s.case_id,
            coalesce(r.code, s.report_source) AS report_source,
            coalesce(k.code, s.risk_category) AS risk_category,
            coalesce(i.code, s.ideology) AS ideology
        FROM _case_staged AS s
        LEFT JOIN v_report_source AS r ON r.label = s.report_source
        LEFT JOIN v_risk_category AS k ON k.label = s.risk_category
        LEFT JOIN v_ideology AS i ON i.label = s.ideology
    ),
    copied_rows AS (
        SELECT _file, _rowhash, min(_row) AS first_row
        FROM mapped
        GROUP BY _file, _rowhash
        HAVING count(*) > 1
    )
SELECT m.*, coalesce(m._row > c.first_row, false) AS is_duplicate
FROM mapped AS m
LEFT JOIN copied_rows AS c USING (_file, _rowhash);
