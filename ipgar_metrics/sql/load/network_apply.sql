-- Purpose: store the kept rows of a relations or key-locations export: new rows are
--   inserted (into restricted_relations/restricted_key_locations when a person of
--   the row is restricted, AVG art. 18), corrections set the stored row's end date
--   (and the load and row that set it), rows present with the same end date are left
--   as they are. Runs inside the load's transaction (ingest._relations).
-- Inputs: _net_kept (load/network_classify). Grain: not a query.
-- Parameters: none; the load id is the variable ipgar_load_id.
UPDATE relations AS t
SET end_date = k.end_date, load_id = getvariable('ipgar_load_id'), source_row = k._row
FROM _net_kept AS k
WHERE k.kind = 'relations' AND k.status = 'corrected' AND t.relation_key = k.row_key;
UPDATE restricted_relations AS t
SET end_date = k.end_date, load_id = getvariable('ipgar_load_id'), source_row = k._row
FROM _net_kept AS k
WHERE k.kind = 'relations' AND k.status = 'corrected' AND t.relation_key = k.row_key;
UPDATE key_locations AS t
SET end_date = k.end_date, load_id = getvariable('ipgar_load_id'), source_row = k._row
FROM _net_kept AS k
WHERE k.kind = 'locations' AND k.status = 'corrected' AND t.location_key = k.row_key;
UPDATE restricted_key_locations AS t
SET end_date = k.end_date, load_id = getvariable('ipgar_load_id'), source_row = k._row
FROM _net_kept AS k
WHERE k.kind = 'locations' AND k.status = 'corrected' AND t.location_key = k.row_key;
INSERT INTO relations
    (case_a, case_b, relation, start_date, end_date, relation_key, load_id, source_row)
SELECT x, y, relation, start_date, end_date, row_key, getvariable('ipgar_load_id'), _row
FROM _net_kept
WHERE kind = 'relations' AND status = 'new' AND NOT restricted;
INSERT INTO restricted_relations
    (case_a, case_b, relation, start_date, end_date, relation_key, load_id, source_row)
SELECT x, y, relation, start_date, end_date, row_key, getvariable('ipgar_load_id'), _row
FROM _net_kept
WHERE kind = 'relations' AND status = 'new' AND restricted;
INSERT INTO key_locations
    (case_id, location_id, start_date, end_date, location_key, load_id, source_row)
SELECT x, y, start_date, end_date, row_key, getvariable('ipgar_load_id'), _row
FROM _net_kept
WHERE kind = 'locations' AND status = 'new' AND NOT restricted;
INSERT INTO restricted_key_locations
    (case_id, location_id, start_date, end_date, location_key, load_id, source_row)
SELECT x, y, start_date, end_date, row_key, getvariable('ipgar_load_id'), _row
FROM _net_kept
WHERE kind = 'locations' AND status = 'new' AND restricted;
