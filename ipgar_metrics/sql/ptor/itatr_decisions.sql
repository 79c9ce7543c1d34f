-- Purpose: from the ITAT-R agenda to the PTO-R decision that follows it: one
--   escalation per PTO-R decision, from the first agenda entry that preceded it.
-- Inputs: events (approach_window macro, sql/store/macros.sql).
-- Grain: one row per escalation: the first itatr_agendering (at or before $as_of)
--   after the episode's previous PTO-R decision; agenda entries between it and the
--   next decision belong to the same escalation.
-- Output columns: case_id, episode, agenda_at, decision_at (the first ptor_besluit
--   after it in the episode, outcome other than aanhouden, at or before $as_of; NULL:
--   none yet), decision (its outcome), uitstroom_at (the episode's exit from the
--   approach at or before $as_of; NULL: none).
-- Parameters: $as_of (TIMESTAMPTZ): events after it are ignored.
WITH agenda AS (
    SELECT case_id, episode, seq, ts
    FROM events
    WHERE activity = 'itatr_agendering' AND ts <= $as_of
),
decisions AS (
    SELECT case_id, episode, seq AS decision_seq, ts AS decision_at, outcome
    FROM events
    WHERE activity = 'ptor_besluit' AND outcome IS DISTINCT FROM 'aanhouden'
        AND ts <= $as_of
),
paired AS (
    SELECT a.case_id, a.episode, a.seq, a.ts AS agenda_at, d.decision_seq,
        d.decision_at, d.outcome AS decision
    FROM agenda AS a
    ASOF LEFT JOIN decisions AS d
        ON a.case_id = d.case_id AND a.episode = d.episode AND a.seq < d.decision_seq
),
first_agenda AS (
    SELECT case_id, episode, decision_seq, min(seq) AS seq
    FROM paired
    GROUP BY case_id, episode, decision_seq
)
SELECT p.case_id, p.episode, p.agenda_at, p.decision_at, p.decision, w.uitstroom_at
FROM paired AS p
JOIN first_agenda AS f USING (case_id, episode, seq)
LEFT JOIN approach_window($as_of) AS w USING (case_id, episode)
ORDER BY p.case_id, p.agenda_at;
