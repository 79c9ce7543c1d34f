-- Purpose: the valid rows of this load with their identity (event_key).
--   event_key is the pseudonymised event_id when the export has one; otherwise a hash
--   of the normalised fields (case pseudonym, activity, instant, org, case manager,
--   life domain, outcome, lifecycle) and the occurrence number of those fields within
--   the file (so two real events with equal fields in one file stay two events, and
--   the same k-th occurrence in an overlapping export is recognised).
-- Inputs: _timed, _rejects, _files. Grain: one row per valid row.
-- Output: case_id, activity, ts, org, case_manager, life_domain, outcome, event_id,
--   lifecycle, registered_at, intervention_type, report_source, risk_category, ideology, event_key, _file, _row,
--   source_row (row number over all files of the load), ambiguous, is_copy.
-- Parameters: none.
CREATE OR REPLACE TEMP TABLE _valid AS
WITH
    valid_rows AS (
        SELECT t.*
        FROM _timed AS t
        ANTI JOIN _rejects AS r USING (_file, _row)
        WHERE NOT t.is_duplicate
    ),
    hashed AS (
        SELECT
            *,
            CASE WHEN event_id IS NULL THEN md5(concat_ws(chr(31),
                case_id, activity, CAST(epoch_us(ts) AS VARCHAR),
                coalesce(org, chr(30)), coalesce(case_manager, chr(30)),
                coalesce(life_domain, chr(30)), coalesce(outcome, chr(30)),
                coalesce(lifecycle, chr(30))
            )) END AS content_hash
        FROM valid_rows
    ),
    repeated_content AS (
        -- field combinations that occur more than once in a file (few): only their
        -- rows need an occurrence number, so the window runs on a small set
        SELECT _file, content_hash
        FROM hashed
        WHERE content_hash IS NOT NULL
        GROUP BY _file, content_hash
        HAVING count(*) > 1
    ),
    occurrences AS (
        SELECT
            h._file, h._row,
            row_number() OVER (PARTITION BY h._file, h.content_hash ORDER BY h._row) AS occurrence
        FROM hashed AS h
        SEMI JOIN repeated_content AS r USING (_file, content_hash)
    ),
    numbered AS (
        SELECT h.*, coalesce(o.occurrence, 1) AS occurrence
        FROM hashed AS h
        LEFT JOIN occurrences AS o USING (_file, _row)
    )
SELECT
    n.case_id, n.activity, n.ts, n.org, n.case_manager, n.life_domain, n.outcome,
    n.event_id, n.lifecycle, n.registered_at, n.intervention_type, n.report_source, n.risk_category, n.ideology,
    coalesce(n.event_id, 'H' || substr(md5(n.content_hash || ':' || n.occurrence), 1, 24))
        AS event_key,
    n._file,
    n._row,
    f.row_offset + n._row AS source_row,
    n.ambiguous,
    n.is_copy
FROM numbered AS n
JOIN _files AS f USING (_file);
