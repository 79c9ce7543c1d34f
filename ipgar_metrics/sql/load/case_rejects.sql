-- Purpose: validation failures of case-table rows (all at once): malformed rows,
--   too long cells, formulas, a missing case id, an unknown report source (profile
--   ipgar; a new risk_category or ideology loads with a new_value flag, see
--   load/new_values). Exact copies are skipped, never rejected.
-- Inputs: _case_checked, _files, _headers, _vocab.
-- Grain: one row per (file, row, column, reason).
-- Output columns: _file, _row, column_name (export header), reason_code, message
--   (file, row, column and reason; an unknown value only as its masked shape, never
--   a cell's value: load/reject_macros), case_id (pseudonym).
-- Parameters: $profile.
CREATE OR REPLACE TEMP TABLE _case_rejects AS
WITH
    rows_checked AS (
        SELECT * FROM _case_checked WHERE NOT is_duplicate
    ),
    failures AS (
        -- _extra: 'extra' (a field beyond the header), or the reader's own reason
        SELECT _file, _row, case_id, NULL AS col,
            CASE WHEN _extra IN ('short_row', 'undefined_byte') THEN _extra ELSE 'malformed_row' END AS reason_code,
            NULL AS detail
        FROM rows_checked WHERE _extra IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, _long, 'value_too_long', NULL
        FROM rows_checked WHERE _long IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, _formula, 'formula_in_cell', NULL
        FROM rows_checked WHERE _formula IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'case_id', 'missing_case_id', NULL
        FROM rows_checked WHERE case_id IS NULL
        UNION ALL
        SELECT _file, _row, case_id, 'report_source', 'unknown_attribute', report_source
        FROM rows_checked
        WHERE $profile = 'ipgar' AND report_source IS NOT NULL
            AND report_source NOT IN (SELECT code FROM _vocab WHERE col = 'report_source')
    )
SELECT
    f._file,
    f._row,
    coalesce(h.header, f.col) AS column_name,
    f.reason_code,
    reject_message(
        fl.name, f._row, coalesce(h.header, f.col), reject_text(f.reason_code),
        f.detail, f.col
    ) AS message,
    f.case_id
FROM failures AS f
JOIN _files AS fl USING (_file)
LEFT JOIN _headers AS h ON h._file = f._file AND h.col = f.col
ORDER BY f._file, f._row, f.reason_code;
