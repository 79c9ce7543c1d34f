-- Purpose: record what the quality report must know about this load but cannot see
--   in the events: local times in the repeated autumn hour (first occurrence taken),
--   exact copies of a row that were loaded (profile generic), values outside the
--   vocabulary that were loaded (new_value, per row and column; the message names
--   the column, never the value), and case attributes that differ between rows of
--   one case.
-- Inputs: _valid, _files, _new_values. Grain: one row per flagged row
--   (ambiguous_local_time, duplicate_row), per row and column (new_value) or per case
--   and attribute (conflicting_attribute).
-- Output: rows appended to quality_flags. Parameters: $load_id.
INSERT INTO quality_flags
WITH
    ambiguous_rows AS (
        SELECT
            v._file, v._row, v.case_id, 'ambiguous_local_time' AS check_code,
            f.name || ' row ' || v._row || ': local time in the repeated autumn hour; the first occurrence (summer time) was taken.' AS message
        FROM _valid AS v JOIN _files AS f USING (_file)
        WHERE v.ambiguous
        UNION ALL
        SELECT
            v._file, v._row, v.case_id, 'duplicate_row',
            f.name || ' row ' || v._row || ': an exact copy of an earlier row, loaded as a separate event (profile generic).'
        FROM _valid AS v JOIN _files AS f USING (_file)
        WHERE v.is_copy
        UNION ALL
        SELECT
            n._file, n._row, n.case_id, 'new_value',
            f.name || ' row ' || n._row || ', column "' || n.header || '": new ' || n.col
                || ' value (not in the vocabulary), loaded and flagged; add it to vocabulary.toml or fix the export.'
        FROM _new_values AS n JOIN _files AS f USING (_file)
    ),
    attribute_values AS (
        SELECT case_id, 'report_source' AS attribute, count(DISTINCT report_source) AS n FROM _valid GROUP BY case_id
        UNION ALL
        SELECT case_id, 'risk_category', count(DISTINCT risk_category) FROM _valid GROUP BY case_id
        UNION ALL
        SELECT case_id, 'ideology', count(DISTINCT ideology) FROM _valid GROUP BY case_id
    ),
    conflicts AS (
        SELECT
            NULL AS _file, NULL AS _row, case_id, 'conflicting_attribute' AS check_code,
            'the rows of this case give ' || n || ' different values of ' || attribute || '; the last one was kept.' AS message
        FROM attribute_values
        WHERE n > 1
    )
SELECT $load_id, f.name, a._row, a.case_id, a.check_code, a.message
FROM ambiguous_rows AS a JOIN _files AS f USING (_file)
UNION ALL
SELECT $load_id, NULL, NULL, case_id, check_code, message
FROM conflicts;
