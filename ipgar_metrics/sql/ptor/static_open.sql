-- Purpose: the static periods still running at $as_of, with the PTO-R decision that
--   made the case static and the reviews of the case since that decision.
-- Inputs: events (approach_window macro, sql/store/macros.sql).
-- Grain: one row per (case_id, episode) in the approach at $as_of (instroom at or
--   before it, no uitstroom yet) whose last statisch_start at or before $as_of has no
--   statisch_eind after it (by seq) at or before $as_of.
-- Output columns: case_id, episode, static_since (that statisch_start), decided_at
--   (the last ptor_besluit with outcome statisch before it in the episode; NULL:
--   none), reviews (int: ptor_besluit of any outcome or itatr_agendering in the
--   episode after the decision, or after the start when there is no decision),
--   last_review_at (the last of them; NULL: none).
-- Definitions: a review is the case on the table of the PTO-R (a later decision; a
--   re-confirmation is ptor_besluit statisch again) or of the ITAT-R (a new agenda
--   entry); the vocabulary has no review event of its own (docs/metrics/ptor.md).
-- Parameters: $as_of (TIMESTAMPTZ): events after it are ignored.
WITH in_approach AS (
    SELECT case_id, episode, instroom_seq
    FROM approach_window($as_of)
    WHERE uitstroom_at IS NULL
),
last_start AS (
    SELECT e.case_id, e.episode, max(e.seq) AS start_seq
    FROM events AS e
    JOIN in_approach AS w USING (case_id, episode)
    WHERE e.activity = 'statisch_start' AND e.ts <= $as_of AND e.seq > w.instroom_seq
    GROUP BY e.case_id, e.episode
),
still_static AS (
    SELECT s.case_id, s.episode, s.start_seq, e.ts AS static_since
    FROM last_start AS s
    JOIN events AS e ON e.case_id = s.case_id AND e.seq = s.start_seq
    WHERE NOT EXISTS (
        SELECT 1 FROM events AS x
        WHERE x.case_id = s.case_id AND x.activity = 'statisch_eind'
            AND x.seq > s.start_seq AND x.ts <= $as_of
    )
),
static_decisions AS (
    SELECT case_id, episode, seq AS decision_seq, ts AS decided_at
    FROM events
    WHERE activity = 'ptor_besluit' AND outcome = 'statisch' AND ts <= $as_of
),
decided AS (
    SELECT s.*, d.decision_seq, d.decided_at
    FROM still_static AS s
    ASOF LEFT JOIN static_decisions AS d
        ON s.case_id = d.case_id AND s.episode = d.episode AND s.start_seq > d.decision_seq
),
reviewed AS (
    SELECT
        d.case_id, d.episode,
        count(r.seq) AS reviews,
        max(r.ts) AS last_review_at
    FROM decided AS d
    LEFT JOIN events AS r
        ON r.case_id = d.case_id AND r.episode = d.episode
        AND r.seq > coalesce(d.decision_seq, d.start_seq) AND r.ts <= $as_of
        AND r.activity IN ('ptor_besluit', 'itatr_agendering')
    GROUP BY d.case_id, d.episode
)
SELECT
    d.case_id, d.episode, d.static_since, d.decided_at,
    CAST(r.reviews AS INTEGER) AS reviews, r.last_review_at
FROM decided AS d
JOIN reviewed AS r USING (case_id, episode)
ORDER BY d.case_id, d.episode;
