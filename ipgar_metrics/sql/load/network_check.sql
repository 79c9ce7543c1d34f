-- Purpose: check the rows of a relations or key-locations export (ingest._relations):
--   one row per failed check of a row (_net_rejects), as load/rejects does for
--   events. The checks: a missing value (missing_value; the end date may be empty),
--   a case id the store does not know in cases or restricted_cases (unknown_case: a
--   third party), a person linked to himself (self_relation), a relation type that
--   is neither a code nor a label of [relations.values.relation] (unknown_relation,
--   with "did you mean" to the closest code), a date that is neither YYYY-MM-DD nor
--   dd-mm-jjjj (unparsable_date), an end before the start (end_before_start), and
--   the reader's malformed_row/short_row.
-- Inputs: _net_staged (_file, _row, _extra, p1, p2, p1_shape, p2_shape, relation,
--   start_text, end_text: p1 is the pseudonym of case_id_a or case_id, p2 of
--   case_id_b or of the location id), _net_files(_file, name, sha256, kind:
--   'relations' or 'locations'), _net_headers(_file, col, header), _net_values(label,
--   code), _net_codes(code), cases, restricted_cases.
-- Grain: one row per (file, row, column, reason).
-- Output columns: _file, _row, column_name (export header), reason_code, message
--   (file, row, column and reason; an unknown label only as its masked shape, never
--   a cell's value), third_party (the row names a case id the store does not know).
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE _net_parsed AS
WITH known AS (
    SELECT case_id FROM cases UNION SELECT case_id FROM restricted_cases
)
SELECT
    s.*,
    f.kind,
    coalesce(v.code, c.code) AS code,
    net_date(s.start_text) AS start_date,
    net_date(s.end_text) AS end_date,
    s.p1 IS NOT NULL AND k1.case_id IS NULL AS p1_unknown,
    f.kind = 'relations' AND s.p2 IS NOT NULL AND k2.case_id IS NULL AS p2_unknown
FROM _net_staged AS s
JOIN _net_files AS f USING (_file)
LEFT JOIN _net_values AS v ON f.kind = 'relations' AND v.label = s.relation
LEFT JOIN _net_codes AS c ON f.kind = 'relations' AND c.code = lower(s.relation)
LEFT JOIN known AS k1 ON k1.case_id = s.p1
LEFT JOIN known AS k2 ON k2.case_id = s.p2;

CREATE OR REPLACE TEMP TABLE _net_rejects AS
WITH
    failures AS (
        SELECT _file, _row, NULL AS col, _extra AS reason_code, NULL AS detail
        FROM _net_parsed WHERE _extra IS NOT NULL
        UNION ALL
        SELECT _file, _row, CASE WHEN kind = 'relations' THEN 'case_id_a' ELSE 'case_id' END,
            'missing_value', NULL
        FROM _net_parsed WHERE p1 IS NULL
        UNION ALL
        SELECT _file, _row, CASE WHEN kind = 'relations' THEN 'case_id_b' ELSE 'location_id' END,
            'missing_value', NULL
        FROM _net_parsed WHERE p2 IS NULL
        UNION ALL
        SELECT _file, _row, 'relation', 'missing_value', NULL
        FROM _net_parsed WHERE kind = 'relations' AND relation IS NULL
        UNION ALL
        SELECT _file, _row, 'start', 'missing_value', NULL
        FROM _net_parsed WHERE start_text IS NULL
        UNION ALL
        SELECT _file, _row, CASE WHEN kind = 'relations' THEN 'case_id_a' ELSE 'case_id' END,
            'unknown_case', NULL
        FROM _net_parsed WHERE p1_unknown
        UNION ALL
        SELECT _file, _row, 'case_id_b', 'unknown_case', NULL
        FROM _net_parsed WHERE p2_unknown
        UNION ALL
        SELECT _file, _row, 'case_id_b', 'self_relation', NULL
        FROM _net_parsed WHERE kind = 'relations' AND p1 = p2
        UNION ALL
        SELECT _file, _row, 'relation', 'unknown_relation', relation
        FROM _net_parsed WHERE kind = 'relations' AND relation IS NOT NULL AND code IS NULL
        UNION ALL
        SELECT _file, _row, 'start', 'unparsable_date', NULL
        FROM _net_parsed WHERE start_text IS NOT NULL AND start_date IS NULL
        UNION ALL
        SELECT _file, _row, 'end', 'unparsable_date', NULL
        FROM _net_parsed WHERE end_text IS NOT NULL AND end_date IS NULL
        UNION ALL
        SELECT _file, _row, 'end', 'end_before_start', NULL
        FROM _net_parsed WHERE end_date < start_date
    ),
    suggestions AS (
        SELECT
            f.detail,
            arg_min(k.label, levenshtein(lower(f.detail), lower(k.label)) * 1000 + levenshtein(f.detail, k.label)) AS closest,
            min(levenshtein(lower(f.detail), lower(k.label))) AS distance
        FROM (SELECT DISTINCT detail FROM failures WHERE detail IS NOT NULL) AS f
        CROSS JOIN (SELECT code AS label FROM _net_codes UNION SELECT label FROM _net_values) AS k
        GROUP BY f.detail
    )
SELECT
    f._file,
    f._row,
    coalesce(h.header, f.col) AS column_name,
    f.reason_code,
    reject_message(
        fl.name, f._row, coalesce(h.header, f.col),
        reject_text(f.reason_code, ts_form := 'YYYY-MM-DD or dd-mm-jjjj'), f.detail, f.col,
        -- a suggestion only when it is close (at most 3 edits): else any code would do
        closest := CASE WHEN s.distance <= 3 THEN s.closest END, suggest := true,
        section := 'relations.values.relation'
    ) AS message,
    p.p1_unknown OR p.p2_unknown AS third_party
FROM failures AS f
JOIN _net_files AS fl USING (_file)
JOIN _net_parsed AS p USING (_file, _row)
LEFT JOIN _net_headers AS h ON h._file = f._file AND h.col = f.col
LEFT JOIN suggestions AS s ON s.detail = f.detail
ORDER BY f._file, f._row, f.reason_code;
