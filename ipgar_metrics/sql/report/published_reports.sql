-- Purpose: the published reports of one audience up to a month, with the key figures
--   each published, for the revision note of a later report (docs/report.md,
--   "Revisions").
-- Inputs: published_reports, published_figures. Grain: one row per (report, figure).
-- Output: report_id, month, k, snapshot_id, last_load_id, last_purge_id,
--   toolkit_version, written_at, baseline_for, figure, kind, value.
-- Parameters: $audience, $month (YYYY-MM: reports of this month and before).
SELECT
    r.report_id,
    r.month,
    r.k,
    r.snapshot_id,
    coalesce(r.last_load_id, 0) AS last_load_id,
    coalesce(r.last_purge_id, 0) AS last_purge_id,
    r.toolkit_version,
    r.written_at,
    r.baseline_for,
    f.figure,
    f.kind,
    f.value
FROM published_reports AS r
LEFT JOIN published_figures AS f ON f.report_id = r.report_id
WHERE r.audience = $audience AND r.month <= $month
ORDER BY r.report_id, f.figure
