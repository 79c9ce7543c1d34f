-- Purpose: the view _episode_keys that paths/variants groups, read from the stored
--   paths (schema version 9) instead of the events: the whole episode phase, every
--   event (metrics/paths/_variants.py decides when that gives the same answer). The
--   stored key has a character chr(256 + code) per event, codes in the order
--   activities were first loaded; paths/variants translates the few keys whose text
--   order it needs, and variants.variants decodes and sorts by the text.
-- Inputs: episode_paths.
-- Grain: one row per episode. Output columns: as paths/episode_keys.
-- Parameters: none.
CREATE OR REPLACE TEMP VIEW _episode_keys AS
SELECT
    case_id,
    episode,
    path_key AS code_key,
    (epoch_us(end_at) - epoch_us(start_at)) / 86400e6 AS days
FROM episode_paths;
