-- Purpose: every validation failure of the rows of this load, all at once (lazy
--   validation): one row per failed check of a row (a row can fail several).
-- Inputs: _timed (parsed rows), _files(_file, name, row_offset),
--   _headers(_file, col, header) (export header of each canonical column),
--   activity_order (known activity codes), _vocab(col, activity, code) (allowed values;
--   activity is set for outcomes that depend on the activity), _known(col, label)
--   (codes and mapping labels, for "did you mean" suggestions).
-- Grain: one row per (file, row, column, reason). Exact duplicate rows are skipped
--   and never rejected.
-- Output columns: _file, _row, column_name (export header: mapped or canonical, so
--   known), reason_code, message (file, row, column and reason; an unknown label only
--   as its masked shape, never a cell's value: load/reject_macros), case_id (pseudonym).
--   A lifecycle outside the XES standard's transitions is rejected in profile ipgar
--   (unknown_lifecycle, its masked shape in the message); in profile generic one with
--   three digits or more (number_in_label).
--   Values of org, outcome, risk_category and ideology outside _vocab are not
--   rejected: they load with a new_value flag (load/new_values, load/flags).
-- Parameters: $profile ('ipgar' checks the vocabulary), $future_limit (instants at or
--   after it are in the future of the export), $programme_start, $export_date (text),
--   $ts_form (the expected timestamp form, for messages).
-- Speed: the rows are read once (failing_rows keeps the few that fail a check, with
--   the vocabulary lookups as small hash joins), and once more for repeated event ids,
--   grouped by a 64-bit hash. A UNION of one filtered scan per check read a large,
--   spilled _timed 17 times: 57 s of a 1 M-case load, 5.0 s against 0.7 s now at
--   100 k cases with a 400 MB limit (the same spill).
CREATE OR REPLACE TEMP TABLE _rejects AS
WITH
    known_activity AS (SELECT DISTINCT activity FROM activity_order),
    known_life_domain AS (SELECT DISTINCT code FROM _vocab WHERE col = 'life_domain'),
    known_report_source AS (SELECT DISTINCT code FROM _vocab WHERE col = 'report_source'),
    number_labels AS MATERIALIZED (
        -- the labels of the five columns of number_label below that hold three
        -- digits or more: the pattern runs once per distinct combination of their
        -- values (a few thousand), not five times on every row (the step: 15.1 ->
        -- 12.4 s at 1,000,000 cases, docs/scaling.md); profile ipgar only
        SELECT coalesce(list(DISTINCT label), []) AS labels
        FROM (
            SELECT unnest([org, outcome, risk_category, ideology, intervention_type])
                AS label
            FROM (
                SELECT DISTINCT org, outcome, risk_category, ideology, intervention_type
                FROM _timed
                WHERE $profile = 'ipgar' AND NOT is_duplicate
            )
        )
        WHERE regexp_matches(label, '(\d\D*){3}')
    ),
    flagged AS (
        -- one flag per vocabulary or date-range check (the vocabularies are small
        -- hash joins), so each check is written once
        SELECT
            r._file, r._row, r.case_id, r._extra, r._long, r._formula, r.activity,
            r.ts, r.ts_problem, r.reg_problem, r.outcome, r.org, r.life_domain, r.report_source, r.lifecycle,
            r.risk_category, r.ideology, r.intervention_type,
            r.ts >= $future_limit AS in_future,
            $profile = 'ipgar' AND r.ts < $programme_start AS before_programme,
            $profile = 'ipgar' AND r.activity IS NOT NULL AND ka.activity IS NULL AS bad_activity,
            $profile = 'ipgar' AND r.life_domain IS NOT NULL AND kl.code IS NULL AS bad_life_domain,
            $profile = 'ipgar' AND r.report_source IS NOT NULL AND ks.code IS NULL AS bad_report_source,
            -- lifecycle, profile ipgar: a transition of the XES standard
            -- (case-insensitive); any other value is not a lifecycle (a shifted row,
            -- or a column mapped to it by mistake) and is never stored. Profile
            -- generic: public logs have their own transitions ("In Progress"), so
            -- only a number where that label belongs is refused (number_lifecycle)
            $profile = 'ipgar' AND r.lifecycle IS NOT NULL AND lower(r.lifecycle) NOT IN (
                'schedule', 'assign', 'reassign', 'start', 'suspend', 'resume',
                'complete', 'ate_abort', 'pi_abort', 'withdraw', 'manualskip', 'autoskip'
            ) AS bad_lifecycle,
            $profile <> 'ipgar' AND regexp_matches(r.lifecycle, '(\d\D*){3}') AS number_lifecycle,
            -- a label with three digits or more is a case, event or person number (or a
            -- date) that a shifted row or swapped columns put there: never a code of
            -- the vocabulary, and never loaded as a new value (it would be stored raw)
            CASE WHEN len(n.labels) > 0 THEN
                CASE
                    WHEN list_contains(n.labels, r.org) THEN 'org'
                    WHEN list_contains(n.labels, r.outcome) THEN 'outcome'
                    WHEN list_contains(n.labels, r.risk_category) THEN 'risk_category'
                    WHEN list_contains(n.labels, r.ideology) THEN 'ideology'
                    WHEN list_contains(n.labels, r.intervention_type) THEN 'intervention_type'
                END
            END AS number_label
        FROM _timed AS r
        CROSS JOIN number_labels AS n
        LEFT JOIN known_activity AS ka ON ka.activity = r.activity
        LEFT JOIN known_life_domain AS kl ON kl.code = r.life_domain
        LEFT JOIN known_report_source AS ks ON ks.code = r.report_source
        WHERE NOT r.is_duplicate
    ),
    failing_rows AS MATERIALIZED (
        -- one pass over the rows keeps the few that fail at least one check
        SELECT *
        FROM flagged
        WHERE _extra IS NOT NULL OR _long IS NOT NULL OR _formula IS NOT NULL
            OR case_id IS NULL OR activity IS NULL OR ts_problem IS NOT NULL
            OR reg_problem IS NOT NULL
            OR in_future OR before_programme OR bad_activity
            OR bad_life_domain OR bad_report_source OR bad_lifecycle
            OR number_lifecycle OR number_label IS NOT NULL
    ),
    event_id_candidates AS MATERIALIZED (
        -- rows whose event id may repeat: ids are grouped by a 64-bit hash (far smaller
        -- than the text), so only the rows of the few hashes seen twice remain
        SELECT t._file, t._row, t.case_id, t.event_id
        FROM _timed AS t
        SEMI JOIN (
            SELECT _file, hash(event_id) AS h
            FROM _timed
            WHERE NOT is_duplicate AND event_id IS NOT NULL
            GROUP BY _file, hash(event_id)
            HAVING count(*) > 1
        ) AS c ON c._file = t._file AND c.h = hash(t.event_id)
        WHERE NOT t.is_duplicate AND t.event_id IS NOT NULL
    ),
    repeated_event_ids AS (
        -- candidate rows that reuse the (text) event id of an earlier row of the file
        SELECT r._file, r._row, r.case_id
        FROM event_id_candidates AS r
        JOIN (
            SELECT _file, event_id, min(_row) AS first_row
            FROM event_id_candidates
            GROUP BY _file, event_id
            HAVING count(*) > 1
        ) AS d ON r._file = d._file AND r.event_id = d.event_id AND r._row > d.first_row
    ),
    failures AS (
        -- _extra: 'extra' (a field beyond the header), or the reader's own reason
        SELECT _file, _row, case_id, NULL AS col,
            CASE WHEN _extra IN ('short_row', 'undefined_byte') THEN _extra ELSE 'malformed_row' END AS reason_code,
            NULL AS detail
        FROM failing_rows WHERE _extra IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, _long, 'value_too_long', NULL
        FROM failing_rows WHERE _long IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, _formula, 'formula_in_cell', NULL
        FROM failing_rows WHERE _formula IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'case_id', 'missing_case_id', NULL
        FROM failing_rows WHERE case_id IS NULL
        UNION ALL
        SELECT _file, _row, case_id, 'activity', 'missing_activity', NULL
        FROM failing_rows WHERE activity IS NULL
        UNION ALL
        SELECT _file, _row, case_id, 'timestamp', ts_problem, NULL
        FROM failing_rows WHERE ts_problem IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'registered_at', reg_problem, NULL
        FROM failing_rows WHERE reg_problem IS NOT NULL
        UNION ALL
        SELECT _file, _row, case_id, 'timestamp', 'future_date', NULL
        FROM failing_rows WHERE in_future
        UNION ALL
        SELECT _file, _row, case_id, 'timestamp', 'before_programme', NULL
        FROM failing_rows WHERE before_programme
        UNION ALL
        SELECT _file, _row, case_id, 'activity', 'unknown_activity', activity
        FROM failing_rows WHERE bad_activity
        UNION ALL
        SELECT _file, _row, case_id, 'life_domain', 'unknown_life_domain', life_domain
        FROM failing_rows WHERE bad_life_domain
        UNION ALL
        SELECT _file, _row, case_id, 'report_source', 'unknown_attribute', report_source
        FROM failing_rows WHERE bad_report_source
        UNION ALL
        SELECT _file, _row, case_id, 'lifecycle', 'unknown_lifecycle', lifecycle
        FROM failing_rows WHERE bad_lifecycle
        UNION ALL
        SELECT _file, _row, case_id, 'lifecycle', 'number_in_label', NULL
        FROM failing_rows WHERE number_lifecycle
        UNION ALL
        SELECT _file, _row, case_id, number_label, 'number_in_label', NULL
        FROM failing_rows WHERE number_label IS NOT NULL
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
    )
SELECT
    f._file,
    f._row,
    coalesce(h.header, f.col) AS column_name,
    f.reason_code,
    reject_message(
        fl.name, f._row, coalesce(h.header, f.col),
        reject_text(f.reason_code, $ts_form, $export_date), f.detail, f.col,
        closest := s.closest, suggest := true
    ) AS message,
    f.case_id
FROM failures AS f
JOIN _files AS fl USING (_file)
LEFT JOIN _headers AS h ON h._file = f._file AND h.col = f.col
LEFT JOIN suggestions AS s ON s.col = f.col AND s.detail = f.detail
ORDER BY f._file, f._row, f.reason_code;
