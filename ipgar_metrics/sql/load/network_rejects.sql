-- Purpose: the rejects of a relations or key-locations load, for
--   RelationsResult.rejects (ingest._relations): no identifying value.
-- Inputs: _net_rejects, _net_files. Grain: one row per (file, row, column, reason).
-- Output columns: file, row, column, reason_code, message. Parameters: none.
SELECT f.name AS file, r._row AS "row", r.column_name AS "column", r.reason_code, r.message
FROM _net_rejects AS r
JOIN _net_files AS f USING (_file)
ORDER BY r._file, r._row, r.reason_code, r.column_name;
