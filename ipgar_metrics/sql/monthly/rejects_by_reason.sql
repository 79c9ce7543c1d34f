-- Purpose: rejected rows per kind of export and reason, for the data-quality section
--   of the monthly report: the event export's rejects apart from those of a relations
--   or key-locations export (issue 19), so no table adds up rows of different things.
-- Inputs: rejected_events, loads (the kind of each file of a relations load is in its
--   files manifest; a reject of an event load, or of a load without a loads row, is
--   of kind events). Grain: one row per (kind, reason code).
-- Output columns: kind (VARCHAR: events, relations or locations), reason_code
--   (VARCHAR), rows (BIGINT: distinct rejected rows), cells (BIGINT: rejected cells;
--   a row can fail on several columns). Order: events, relations, locations; most
--   rows first.
-- Parameters: none.
WITH
    network_files AS (
        SELECT l.load_id, f.name, f.sha256, f.kind
        FROM loads AS l,
            unnest(from_json(
                l.files, '[{"name": "VARCHAR", "sha256": "VARCHAR", "kind": "VARCHAR"}]'
            )) AS t(f)
        WHERE NOT event_load(l.files)
    ),
    rejected_rows AS (
        SELECT coalesce(n.kind, 'events') AS kind, e.reason_code, e.load_id, e.file, e."row"
        FROM rejected_events AS e
        LEFT JOIN network_files AS n
            ON n.load_id = e.load_id AND n.name = e.file AND n.sha256 = e.file_sha256
    )
SELECT
    kind,
    reason_code,
    count(DISTINCT (load_id, file, "row")) AS rows,
    count(*) AS cells
FROM rejected_rows
GROUP BY kind, reason_code
ORDER BY list_position(['events', 'relations', 'locations'], kind), rows DESC, reason_code
