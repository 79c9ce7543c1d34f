-- Purpose: the counts of a relations or key-locations load per file: rows read,
--   rejected (rows with one or more failed checks), exact duplicates skipped, and of
--   the kept rows how many are new, already present and corrected.
-- Inputs: _net_files, _net_parsed, _net_rejects, _net_repeats, _net_kept.
-- Grain: one row per file. Output columns: _file, kind, name, sha256, rows_read,
--   rows_rejected, duplicates_skipped, new_rows, already_present, corrected.
-- Parameters: none.
SELECT
    f._file,
    f.kind,
    f.name,
    f.sha256,
    (SELECT count(*) FROM _net_parsed AS p WHERE p._file = f._file) AS rows_read,
    (SELECT count(DISTINCT r._row) FROM _net_rejects AS r WHERE r._file = f._file) AS rows_rejected,
    (SELECT count(*) FROM _net_repeats AS d WHERE d._file = f._file AND d.same_end) AS duplicates_skipped,
    (SELECT count(*) FROM _net_kept AS k WHERE k._file = f._file AND k.status = 'new') AS new_rows,
    (SELECT count(*) FROM _net_kept AS k WHERE k._file = f._file AND k.status = 'present') AS already_present,
    (SELECT count(*) FROM _net_kept AS k WHERE k._file = f._file AND k.status = 'corrected') AS corrected
FROM _net_files AS f
ORDER BY f._file;
