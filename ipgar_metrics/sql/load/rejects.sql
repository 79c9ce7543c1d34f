-- Purpose: every validation failure of the rows of this load, all at once (lazy
--   validation): one row per failed check of a row (a row can fail several).
-- Inputs: _timed (parsed rows), _files(_file, name, row_offset),
--   _headers(_file, col, header) (export header of each canonical column),
--   activity_order (known activity codes), _vocab(col, activity, code) (allowed values;
--   activity is set for outcomes that depend on the activity), _known(col, label)
--   (codes and mapping labels, for "did you mean" suggestions).
-- Grain: one row per (file, row, column, reason). Exact duplicate rows are skipped
--   and never rejected.
-- Output columns: _file, _row, column_name (export header), reason_code, message
--   (no identifying value), case_id (pseudonym).
-- Parameters: $profile ('ipgar' checks the vocabulary), $future_limit (instants at or
--   after it are in the future of the export), $programme_start, $export_date (text),
--   $ts_form (the expected timestamp form, for messages).
CREATE OR REPLACE TEMP TABLE _rejects AS
WITH
    rows_checked AS (
        SELECT * FROM _timed WHERE NOT is_duplicate
    ),
    repeated_event_ids AS (
        -- rows that reuse an event id of an earlier row of the file (an aggregate, then
        -- a join on the few repeated ids: cheaper than a window over every row)
        SELECT r._file, r._row, r.case_id
        FROM rows_checked AS r
        JOIN (
            SELECT _file, event_id, min(_row) AS first_row
            FROM rows_checked
            WHERE event_id IS NOT NULL
            GROUP BY _file, event_id
            HAVING count(*) > 1
        ) AS d ON r._file = d._file AND r.event_id = d.event_id AND r._row > d.first_row
    ),
    outcome_codes AS (
        SELECT DISTINCT activity FROM _vocab WHERE col = 'outcome'
    ),
    failures AS (
        SELECT _file, _row, case_id, NULL AS col, 'malformed_row' AS reason_code, NULL AS detail
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
        SELECT _file, _row, case_id, 'activity', 'missing_activity', NULL
        FROM rows_checked WHERE activity IS NULL
        UNION ALL
        SELECT _file, _row, case_id, 'timestamp', ts_problem, NULL
        FROM rows_checked WHERE ts_problem IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'timestamp', 'future_date', NULL
        FROM rows_checked WHERE ts >= $future_limit
        UNION ALL
        SELECT _file, _row, case_id, 'timestamp', 'before_programme', NULL
        FROM rows_checked WHERE $profile = 'ipgar' AND ts < $programme_start
        UNION ALL
        SELECT _file, _row, case_id, 'activity', 'unknown_activity', activity
        FROM rows_checked
        WHERE $profile = 'ipgar' AND activity IS NOT NULL
            AND activity NOT IN (SELECT activity FROM activity_order)
        UNION ALL
        SELECT r._file, r._row, r.case_id, 'outcome', 'unknown_outcome', r.outcome
        FROM rows_checked AS r
        WHERE $profile = 'ipgar' AND r.outcome IS NOT NULL
            AND r.activity IN (SELECT activity FROM outcome_codes)
            AND NOT EXISTS (
                SELECT 1 FROM _vocab AS v
                WHERE v.col = 'outcome' AND v.activity = r.activity AND v.code = r.outcome
            )
        UNION ALL
        SELECT _file, _row, case_id, 'org', 'unknown_org', org
        FROM rows_checked
        WHERE $profile = 'ipgar' AND org IS NOT NULL
            AND org NOT IN (SELECT code FROM _vocab WHERE col = 'org')
        UNION ALL
        SELECT _file, _row, case_id, 'life_domain', 'unknown_life_domain', life_domain
        FROM rows_checked
        WHERE $profile = 'ipgar' AND life_domain IS NOT NULL
            AND life_domain NOT IN (SELECT code FROM _vocab WHERE col = 'life_domain')
        UNION ALL
        SELECT _file, _row, case_id, 'report_source', 'unknown_attribute', report_source
        FROM rows_checked
        WHERE $profile = 'ipgar' AND report_source IS NOT NULL
            AND report_source NOT IN (SELECT code FROM _vocab WHERE col = 'report_source')
        UNION ALL
        SELECT _file, _row, case_id, 'risk_category', 'unknown_attribute', risk_category
        FROM rows_checked
        WHERE $profile = 'ipgar' AND risk_category IS NOT NULL
            AND risk_category NOT IN (SELECT code FROM _vocab WHERE col = 'risk_category')
        UNION ALL
        SELECT _file, _row, case_id, 'ideology', 'unknown_attribute', ideology
        FROM rows_checked
        WHERE $profile = 'ipgar' AND ideology IS NOT NULL
            AND ideology NOT IN (SELECT code FROM _vocab WHERE col = 'ideology')
        UNION ALL
        SELECT _file, _row, case_id, 'event_id', 'duplicate_event', NULL
        FROM repeated_event_ids
    ),
    suggestions AS (
        SELECT
            f.col,
            f.detail,
            arg_min(k.label, levenshtein(lower(f.detail), lower(k.label)) * 1000 + levenshtein(f.detail, k.label)) AS closest
        FROM (SELECT DISTINCT col, detail FROM failures WHERE detail IS NOT NULL) AS f
        JOIN _known AS k ON k.col = f.col
        GROUP BY f.col, f.detail
    ),
    templates(reason_code, text) AS (
        VALUES
            ('malformed_row', 'the row has more fields than the header; check quoting and the delimiter'),
            ('value_too_long', 'the value is longer than the limit; check quoting and line ends'),
            ('formula_in_cell', 'a spreadsheet formula, not a value; export values only'),
            ('missing_case_id', 'no case number; fill it in the export'),
            ('missing_activity', 'no activity; fill it in the export'),
            ('missing_timestamp', 'no date; fill it in the export'),
            ('unparsable_date', 'not a date in the form ' || $ts_form || '; fix the row in the export'),
            ('nonexistent_local_time', 'this local time does not exist (clocks went forward an hour that night); correct the time in the export'),
            ('future_date', 'the date is after the export date ' || $export_date || '; check the year'),
            ('before_programme', 'the date is before the programme began; check the year'),
            ('unknown_activity', 'unknown activity'),
            ('unknown_outcome', 'unknown outcome for this activity'),
            ('unknown_org', 'unknown organisation'),
            ('unknown_life_domain', 'unknown life domain'),
            ('unknown_attribute', 'unknown value'),
            ('duplicate_event', 'the event id was already used by an earlier row with other content; keep one of them')
    )
SELECT
    f._file,
    f._row,
    coalesce(h.header, f.col) AS column_name,
    f.reason_code,
    fl.name || ' row ' || f._row
        || CASE WHEN f.col IS NULL THEN '' ELSE ', column "' || coalesce(h.header, f.col) || '"' END
        || ': ' || t.text
        || CASE
            WHEN f.detail IS NULL THEN ''
            ELSE ' "' || left(f.detail, 60) || '"'
                || coalesce('; did you mean "' || s.closest || '"?', '')
                || ' Fix the export or add the label to [values.' || f.col || '] in the mapping file'
        END
        || '.' AS message,
    f.case_id
FROM failures AS f
JOIN _files AS fl USING (_file)
JOIN templates AS t USING (reason_code)
LEFT JOIN _headers AS h ON h._file = f._file AND h.col = f.col
LEFT JOIN suggestions AS s ON s.col = f.col AND s.detail = f.detail
ORDER BY f._file, f._row, f.reason_code;
