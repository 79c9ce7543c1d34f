-- Purpose: store the rejected rows of a relations or key-locations export in
--   rejected_events, one row per failed check, with the row's cells as JSON: the case
--   ids as their pseudonyms and every other cell as its masked shape, so no raw
--   value is stored. A row that names a case id the store does not know (a third
--   party) keeps no pseudonym at all: case_id is NULL and its id cells are masked.
--   Else case_id is the pseudonym of the row's first person (case_id_a or case_id);
--   a relation's second person is in raw (case_id_b), where an erasure and an
--   access request find them (governance). A reject already stored for the same
--   file content, row, column and reason is not stored again: loading the same
--   export twice adds no reject rows.
-- Inputs: _net_rejects, _net_parsed, _net_files, rejected_events.
-- Grain: one row per (file, row, column, reason) not stored before.
-- Output: rows appended to rejected_events. Parameters: none; the load id is the
--   variable ipgar_load_id.
INSERT INTO rejected_events
    (load_id, file, "row", column_name, reason_code, message, case_id, raw, file_sha256)
WITH
    third AS (
        SELECT _file, _row, bool_or(third_party) AS third_party
        FROM _net_rejects
        GROUP BY _file, _row
    ),
    shown AS (
        SELECT
            p._file,
            p._row,
            CASE WHEN t.third_party THEN NULL ELSE p.p1 END AS case_id,
            CASE
                WHEN p.kind = 'relations' THEN CAST(json_object(
                    'case_id_a', CASE WHEN t.third_party THEN p.p1_shape ELSE p.p1 END,
                    'case_id_b', CASE WHEN t.third_party THEN p.p2_shape ELSE p.p2 END,
                    'relation', masked_shape(p.relation),
                    'start', masked_shape(p.start_text), 'end', masked_shape(p.end_text)
                ) AS VARCHAR)
                ELSE CAST(json_object(
                    'case_id', CASE WHEN t.third_party THEN p.p1_shape ELSE p.p1 END,
                    'location_id', p.p2_shape,
                    'start', masked_shape(p.start_text), 'end', masked_shape(p.end_text)
                ) AS VARCHAR)
            END AS raw
        FROM _net_parsed AS p
        JOIN third AS t USING (_file, _row)
    )
SELECT
    getvariable('ipgar_load_id'),
    f.name,
    r._row,
    r.column_name,
    r.reason_code,
    r.message,
    s.case_id,
    s.raw,
    f.sha256
FROM _net_rejects AS r
JOIN shown AS s USING (_file, _row)
JOIN _net_files AS f USING (_file)
WHERE NOT EXISTS (
    SELECT 1
    FROM rejected_events AS e
    WHERE e.file_sha256 = f.sha256
        AND e."row" = r._row
        AND e.column_name IS NOT DISTINCT FROM r.column_name
        AND e.reason_code = r.reason_code
)
ORDER BY r._file, r._row, r.reason_code, r.column_name;
