-- Purpose: the load manifest (no identifying values), for the colophon of the monthly
--   report and notebook 01.
-- Inputs: loads. Grain: one row per load, oldest first.
-- Output columns: load_id, loaded_at, kind, export_date, files (JSON text: name,
--   sha256, rows), mapping_sha256, rows_read, rows_loaded, rows_rejected,
--   duplicates_skipped, toolkit_version, snapshot_id, new_events, already_present,
--   corrected.
-- The counts are rows of the load's kind: an event load's come from its columns; a
--   load of relations or key locations records 0 there (a sum over the stored loads
--   stays a count of events) and its files' entries hold what each file gave, so
--   its counts here are those entries summed (rows_loaded = new + already present +
--   corrected, as for events). kind: "events", or the kinds of its files in their
--   order ("relations, locations").
-- Parameters: none.
WITH network AS (
    SELECT
        l.load_id,
        string_agg(f ->> 'kind', ', ' ORDER BY i) AS kind,
        CAST(sum(coalesce(CAST(f ->> 'rows' AS BIGINT), 0)) AS BIGINT) AS rows_read,
        CAST(sum(coalesce(CAST(f ->> 'new' AS BIGINT), 0)) AS BIGINT) AS new_rows,
        CAST(sum(coalesce(CAST(f ->> 'already_present' AS BIGINT), 0)) AS BIGINT) AS already_present,
        CAST(sum(coalesce(CAST(f ->> 'corrected' AS BIGINT), 0)) AS BIGINT) AS corrected,
        CAST(sum(coalesce(CAST(f ->> 'rejected' AS BIGINT), 0)) AS BIGINT) AS rows_rejected,
        CAST(sum(coalesce(CAST(f ->> 'duplicates' AS BIGINT), 0)) AS BIGINT) AS duplicates_skipped
    FROM loads AS l,
        unnest(CAST(json_extract(l.files, '$[*]') AS JSON[])) WITH ORDINALITY AS u(f, i)
    WHERE NOT event_load(l.files)
    GROUP BY l.load_id
)
SELECT
    l.load_id,
    l.loaded_at,
    coalesce(n.kind, 'events') AS kind,
    l.export_date,
    l.files,
    l.mapping_sha256,
    coalesce(n.rows_read, l.rows_read) AS rows_read,
    coalesce(n.new_rows + n.already_present + n.corrected, l.rows_loaded) AS rows_loaded,
    coalesce(n.rows_rejected, l.rows_rejected) AS rows_rejected,
    coalesce(n.duplicates_skipped, l.duplicates_skipped) AS duplicates_skipped,
    l.toolkit_version,
    l.snapshot_id,
    coalesce(n.new_rows, l.new_events) AS new_events,
    coalesce(n.already_present, l.already_present) AS already_present,
    coalesce(n.corrected, l.corrected) AS corrected
FROM loads AS l
LEFT JOIN network AS n USING (load_id)
ORDER BY l.load_id
