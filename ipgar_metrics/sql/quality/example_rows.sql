-- Purpose: where the examples of a quality finding are in the export: the file name
--   and data row (1-based; the header is row 0) of each event, so the analyst can
--   find the row in the file instead of a pseudonym.
-- Inputs: events (load_id, source_row: row over all files of that load), loads (files:
--   the JSON list of the load's files, in load order, with their rows).
-- Grain: one row per wanted event that came from a load with a file list (events
--   inserted without a load, as in tests, have no file and are left out).
-- Output columns: case_id, seq, file, row; in file order.
-- Parameters: parallel lists, one element per wanted event: $case_ids (VARCHAR[]);
--   $seqs (INTEGER[]: the event's position in the case; NULL: find it by episode and
--   time); $episodes (INTEGER[]) and $ats (TIMESTAMPTZ[]): the first event of that
--   episode at that time; with neither a seq nor a time, the case's first event.
WITH
    wanted AS (
        SELECT
            unnest(CAST($case_ids AS VARCHAR[])) AS case_id,
            unnest(CAST($seqs AS INTEGER[])) AS seq,
            unnest(CAST($episodes AS INTEGER[])) AS episode,
            unnest(CAST($ats AS TIMESTAMPTZ[])) AS at
    ),
    at_time AS (
        SELECT w.case_id, w.episode, w.at, min(e.seq) AS seq
        FROM wanted AS w
        JOIN events AS e
            ON e.case_id = w.case_id AND e.episode = w.episode AND e.ts = w.at
        WHERE w.seq IS NULL
        GROUP BY w.case_id, w.episode, w.at
    ),
    resolved AS (
        SELECT DISTINCT w.case_id, coalesce(w.seq, t.seq, 1) AS seq
        FROM wanted AS w
        LEFT JOIN at_time AS t
            ON t.case_id = w.case_id AND t.episode = w.episode AND t.at = w.at
    ),
    load_files AS (
        SELECT load_id, unnest(listed) AS f, generate_subscripts(listed, 1) AS idx
        FROM (
            SELECT load_id, from_json(files, '[{"name": "VARCHAR", "rows": "BIGINT"}]') AS listed
            FROM loads
        )
    ),
    offsets AS (
        SELECT
            load_id, idx, f.name AS file, f.rows AS n_rows,
            sum(f.rows) OVER (PARTITION BY load_id ORDER BY idx) - f.rows AS row_offset
        FROM load_files
    )
SELECT r.case_id, r.seq, o.file, e.source_row - o.row_offset AS "row"
FROM resolved AS r
JOIN events AS e USING (case_id, seq)
JOIN offsets AS o
    ON o.load_id = e.load_id
    AND e.source_row > o.row_offset
    AND e.source_row <= o.row_offset + o.n_rows
ORDER BY e.load_id, o.idx, "row";
