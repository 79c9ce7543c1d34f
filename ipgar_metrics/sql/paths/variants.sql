-- Purpose: the distinct paths (variants) of the phase with their frequency and lead
--   time; variants shared by fewer than $min_count episodes are merged into one row.
--   The merged row is protected too: when it would hold 1 to $min_count - 1 episodes,
--   the least frequent variant above the threshold (of equal counts the last in order)
--   joins it, so it holds $min_count or more and the counts still add up to every
--   episode. Only when all episodes together are fewer than $min_count does the one
--   merged row stay below it (variants.variants flags it small_n).
-- Inputs: _episode_keys(code_key, days): the path of each episode as a code key,
--   from the events (paths/episode_keys over _phase_events and _variant_labels) or
--   from the stored paths (paths/episode_keys_stored, schema version 9).
-- Grain: one row per variant, plus at most one row for the merged ones (is_other).
-- Output columns: code_key (the path as one code character per step, see
--   _variant_labels; NULL for the merged row), count (episodes), n_variants (1, or the
--   number of merged variants), share (of all episodes in scope), median_days,
--   p90_days (lead time of the phase over the closed episodes, linear interpolation),
--   is_other, n_topped_up (on the merged row: 1 when a variant of $min_count or more
--   joined it to protect it, else 0).
-- Order: count descending, then code_key (the merged row last). The codes follow the
--   labels' order, so this is the order of the variant texts; variants.variants checks
--   the rare labels for which it is not, and then sorts by the text itself. Stored keys
--   (paths/episode_keys_stored) have codes in the order activities were first loaded:
--   the tie-break of topped_up translates them to text order with the session
--   variables ipgar_codes_from/ipgar_codes_to (both '' when the codes are in text
--   order already, and for keys from the events), and variants.variants sorts by text.
-- Parameters: $min_count (int); the session variables ipgar_codes_from and
--   ipgar_codes_to (VARCHAR), set by variants.variants just before.
-- Speed: a path is grouped as a short text key, one character per step, aggregated in
--   the order of seq. At 1 M cases this takes about half the time of grouping the
--   labels joined by a separator, and the key is exact whatever the labels hold. From
--   the stored paths the key is read, not aggregated (docs/scaling.md).
WITH keyed AS MATERIALIZED (
    SELECT code_key, days FROM _episode_keys
),
variant_sizes AS MATERIALIZED (
    SELECT
        code_key,
        count(*) AS variant_count,
        quantile_cont(days, 0.5) AS median_days,
        quantile_cont(days, 0.9) AS p90_days
    FROM keyed
    GROUP BY code_key
),
rare_total AS (
    SELECT coalesce(sum(variant_count), 0) AS n
    FROM variant_sizes
    WHERE variant_count < $min_count
),
topped_up AS (
    SELECT v.code_key
    FROM variant_sizes AS v, rare_total AS r
    WHERE v.variant_count >= $min_count AND r.n > 0 AND r.n < $min_count
    ORDER BY
        v.variant_count,
        CASE WHEN getvariable('ipgar_codes_from') = '' THEN v.code_key
             ELSE translate(v.code_key, getvariable('ipgar_codes_from'), getvariable('ipgar_codes_to'))
        END DESC
    LIMIT 1
),
merged AS (
    SELECT code_key FROM variant_sizes WHERE variant_count < $min_count
    UNION ALL
    SELECT code_key FROM topped_up
),
rare_episodes AS (
    SELECT p.days
    FROM keyed AS p
    SEMI JOIN merged AS r USING (code_key)
),
variant_rows AS (
    SELECT v.code_key, false AS is_other, v.variant_count AS count, v.median_days,
        v.p90_days
    FROM variant_sizes AS v
    ANTI JOIN merged AS m USING (code_key)
    UNION ALL
    SELECT NULL, true, count(*), quantile_cont(days, 0.5), quantile_cont(days, 0.9)
    FROM rare_episodes
    HAVING count(*) > 0
),
merged_count AS (
    SELECT count(*) AS n_merged, (SELECT count(*) FROM topped_up) AS n_topped_up
    FROM merged
),
total AS (
    SELECT sum(variant_count) AS n FROM variant_sizes
)
SELECT
    r.code_key,
    r.count,
    CASE WHEN r.is_other THEN m.n_merged ELSE 1 END AS n_variants,
    r.count / t.n AS share,
    r.median_days,
    r.p90_days,
    r.is_other,
    CASE WHEN r.is_other THEN m.n_topped_up ELSE 0 END AS n_topped_up
FROM variant_rows AS r, total AS t, merged_count AS m
ORDER BY r.is_other, r.count DESC, r.code_key;
