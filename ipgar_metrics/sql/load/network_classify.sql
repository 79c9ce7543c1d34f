-- Purpose: the rows of a relations or key-locations export that passed every check,
--   with their identity and what the load does with each (_net_kept), and the rows
--   that repeat an earlier row's identity (_net_repeats). A relation is stored as
--   (case_a, case_b) with case_a < case_b (the pair swapped when needed); its
--   relation_key is the keyed hash of (case_a, case_b, relation, start), a key
--   location's location_key that of (case, location, start), so overlapping exports
--   find the same rows. The first row of an identity in the file is kept; a later
--   row with the same end date is an exact duplicate (skipped), with another end
--   date a duplicate_relation reject. A kept row is new, present (stored with the
--   same end date) or a correction (stored with another end date: the newest load
--   wins); restricted when a person of it is in restricted_cases (AVG art. 18).
-- Inputs: _net_parsed (load/network_check), _net_rejects, restricted_cases,
--   relations, restricted_relations, key_locations, restricted_key_locations; the
--   _pseudo macro (the load's key).
-- Grain: _net_kept one row per kept export row; _net_repeats one row per repeat;
--   the repeats with another end date are added to _net_rejects.
-- Output columns: _net_kept: _file, _row, kind, x (case_a or case_id), y (case_b or
--   location_id), relation, start_date, end_date, row_key, restricted, status ('new',
--   'present', 'corrected'); _net_repeats: _file, _row, kind, same_end.
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE _net_valid AS
SELECT
    p._file,
    p._row,
    p.kind,
    CASE WHEN p.kind = 'relations' THEN least(p.p1, p.p2) ELSE p.p1 END AS x,
    CASE WHEN p.kind = 'relations' THEN greatest(p.p1, p.p2) ELSE p.p2 END AS y,
    p.code AS relation,
    p.start_date,
    p.end_date
FROM _net_parsed AS p
ANTI JOIN _net_rejects AS r USING (_file, _row);

CREATE OR REPLACE TEMP TABLE _net_keyed AS
SELECT
    v.*,
    CASE
        WHEN v.kind = 'relations' THEN _pseudo('R', 'relation',
            concat_ws('|', v.x, v.y, v.relation, CAST(v.start_date AS VARCHAR)))
        ELSE _pseudo('K', 'key_location', concat_ws('|', v.x, v.y, CAST(v.start_date AS VARCHAR)))
    END AS row_key,
    row_number() OVER (PARTITION BY v._file, v.x, v.y, v.relation, v.start_date ORDER BY v._row) AS nth
FROM _net_valid AS v;

CREATE OR REPLACE TEMP TABLE _net_repeats AS
SELECT k._file, k._row, k.kind, f.end_date IS NOT DISTINCT FROM k.end_date AS same_end
FROM _net_keyed AS k
JOIN _net_keyed AS f ON f._file = k._file AND f.row_key = k.row_key AND f.nth = 1
WHERE k.nth > 1;

INSERT INTO _net_rejects
SELECT
    r._file,
    r._row,
    coalesce(h.header, 'end'),
    'duplicate_relation',
    reject_message(f.name, r._row, coalesce(h.header, 'end'), reject_text('duplicate_relation'), NULL, 'end'),
    false
FROM _net_repeats AS r
JOIN _net_files AS f USING (_file)
LEFT JOIN _net_headers AS h ON h._file = r._file AND h.col = 'end'
WHERE NOT r.same_end;

CREATE OR REPLACE TEMP TABLE _net_kept AS
WITH
    stored AS (
        SELECT relation_key AS row_key, end_date FROM relations
        UNION ALL SELECT relation_key, end_date FROM restricted_relations
        UNION ALL SELECT location_key, end_date FROM key_locations
        UNION ALL SELECT location_key, end_date FROM restricted_key_locations
    ),
    held AS (SELECT case_id FROM restricted_cases)
SELECT
    k._file, k._row, k.kind, k.x, k.y, k.relation, k.start_date, k.end_date, k.row_key,
    k.x IN (SELECT case_id FROM held)
        OR (k.kind = 'relations' AND k.y IN (SELECT case_id FROM held)) AS restricted,
    CASE
        WHEN s.row_key IS NULL THEN 'new'
        WHEN s.end_date IS NOT DISTINCT FROM k.end_date THEN 'present'
        ELSE 'corrected'
    END AS status
FROM _net_keyed AS k
LEFT JOIN stored AS s USING (row_key)
WHERE k.nth = 1;
