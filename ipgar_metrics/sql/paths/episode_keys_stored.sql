-- Purpose: the view _episode_keys that paths/variants groups, read from the stored
--   paths (schema version 9) instead of the events: the whole episode phase, every
--   event (metrics/paths/_variants.py decides when that gives the same answer). The
--   stored key has a character per activity code (chr(256 + code), codes in the order
--   activities were first seen); translate maps it to the code of the activity's rank
--   in text order, so the keys order as the events path's keys do.
-- Inputs: episode_paths; the session variables ipgar_codes_from and ipgar_codes_to
--   (VARCHAR, the stored and the text-order characters; both '' when they agree), set
--   just before.
-- Grain: one row per episode. Output columns: as paths/episode_keys.
-- Parameters: none (a view cannot hold parameters; see the session variables).
CREATE OR REPLACE TEMP VIEW _episode_keys AS
SELECT
    case_id,
    episode,
    CASE WHEN getvariable('ipgar_codes_from') = '' THEN path_key
         ELSE translate(path_key, getvariable('ipgar_codes_from'), getvariable('ipgar_codes_to'))
    END AS code_key,
    (epoch_us(end_at) - epoch_us(start_at)) / 86400e6 AS days
FROM episode_paths;
