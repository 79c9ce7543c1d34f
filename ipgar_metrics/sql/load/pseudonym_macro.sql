-- Purpose: define _pseudo(prefix, kind, value), the keyed pseudonym of an identifier,
--   equal to privacy.pseudonym(value, key, kind=kind): prefix || the first
--   _pkey.len hex characters of HMAC-SHA256(key, kind || ':' || normalised value);
--   and _lookalike_of(value), for a case id with Cyrillic or Greek letters that look
--   like Latin ones, the pseudonym of the case id it looks like (else NULL).
--   Normalised = privacy.normalise_id: zero-width characters removed, Unicode NFKC,
--   white space trimmed. A plain printable-ASCII value is already normalised (the
--   stage trimmed it), so only other values call the Python function
--   _ipgar_norm_id (ingest._identifiers; CASE evaluates it on those rows only).
--   Cost on 3 M ids: the ASCII test 0.1 s against 3 s for the keyed hash itself.
-- Inputs: the temporary table _pkey(ipad BLOB, opad BLOB, len INTEGER), made from the
--   key in memory for this connection only (never stored in the database file); the
--   functions _ipgar_norm_id and _ipgar_id_skeleton registered on the connection.
-- Grain: scalar macros. Output: VARCHAR, NULL for a NULL value or one that is empty
--   once normalised. Parameters: none.
CREATE OR REPLACE TEMP MACRO _plain_id(v) AS regexp_full_match(v, '[ -~]*');

CREATE OR REPLACE TEMP MACRO _normal_id(v) AS
    CASE WHEN _plain_id(v) THEN v ELSE nullif(_ipgar_norm_id(v), '') END;

CREATE OR REPLACE TEMP MACRO _pseudo(prefix, kind, v) AS
    -- NULL propagates through encode, sha256 and ||: a NULL id has no pseudonym
    prefix || substr(
        sha256(
            (SELECT opad FROM _pkey)
            || unhex(sha256((SELECT ipad FROM _pkey) || encode(kind || ':' || _normal_id(v))))
        ),
        1,
        (SELECT len FROM _pkey)
    );

CREATE OR REPLACE TEMP MACRO _lookalike_of(v) AS
    -- only a value with a non-ASCII character (more bytes than characters)
    CASE WHEN strlen(v) <> length(v) THEN
        _pseudo('C', 'case', _ipgar_id_skeleton(_ipgar_norm_id(v)))
    END;
