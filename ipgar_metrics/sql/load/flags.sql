-- Purpose: record what the quality report must know about this load but cannot see
--   in the events: local times in the repeated autumn hour (first occurrence taken),
--   exact copies of a row that were loaded (profile generic), values outside the
--   vocabulary that were loaded (new_value, per row and column; the message names
--   the column, never the value), case attributes that differ between rows of
--   one case, dates without a time loaded as local midnight (date_only), and case
--   ids with Cyrillic or Greek letters that look like Latin ones (lookalike_id: the
--   case, at its first row of the load, and the case in the store it looks like,
--   if any; the messages name the other case's pseudonym, never an id).
-- Inputs: _valid, _timed (date_only, _lookalike: the pseudonym of the id the case
--   id looks like), _files, _new_values, events (this load's included).
-- Grain: one row per flagged row (ambiguous_local_time, duplicate_row, date_only),
--   per row and column (new_value), per case and attribute (conflicting_attribute)
--   or per case (lookalike_id).
-- Output: rows appended to quality_flags. Parameters: $load_id.
INSERT INTO quality_flags
WITH
    lookalike_cases AS (
        SELECT
            v.case_id,
            any_value(t._lookalike) AS looks_like,
            min(v.source_row) AS first_row,
            any_value(t._lookalike) IN (SELECT case_id FROM events) AS twin_exists
        FROM _valid AS v JOIN _timed AS t USING (_file, _row)
        WHERE t._lookalike IS NOT NULL
        GROUP BY v.case_id
    ),
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
        UNION ALL
        SELECT
            v._file, v._row, v.case_id, 'date_only',
            f.name || ' row ' || v._row || ': a date without a time of day, loaded as local midnight (order within that day and hours of lead times are unknown).'
        FROM _valid AS v JOIN _timed AS t USING (_file, _row) JOIN _files AS f USING (_file)
        WHERE t.date_only
        UNION ALL
        SELECT
            v._file, v._row, v.case_id, 'lookalike_id',
            f.name || ' row ' || v._row || ': the case id holds Cyrillic or Greek letters that look like Latin ones'
                || CASE WHEN l.twin_exists THEN '; it looks like the id of case ' || l.looks_like ELSE '' END
                || '; loaded as its own case: check the id in the export.'
        FROM lookalike_cases AS l
        JOIN _valid AS v ON v.source_row = l.first_row
        JOIN _files AS f ON f._file = v._file
    ),
    lookalike_twins AS (
        -- the case in the store (this load's included) that a look-alike id looks like
        SELECT
            NULL AS _file, NULL AS _row, looks_like AS case_id, 'lookalike_id' AS check_code,
            'the id of case ' || string_agg(case_id, ', ' ORDER BY case_id)
                || ' looks like this case''s id but holds Cyrillic or Greek letters; check both ids in the export.' AS message
        FROM lookalike_cases
        WHERE twin_exists
        GROUP BY looks_like
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
FROM conflicts
UNION ALL
SELECT $load_id, NULL, NULL, case_id, check_code, message
FROM lookalike_twins;
