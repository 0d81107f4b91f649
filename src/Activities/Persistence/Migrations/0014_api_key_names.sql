-- A key's name is the identity recorded for its decisions (a reviewer's approval), so one live key per name and
-- project, compared ignoring case; "system:" names decisions the workflow makes itself and no key may use it.
-- Earlier duplicates and system: names are renamed (with the key's id), never revoked: their holders keep access.
UPDATE api_keys SET name = 'renamed-' || name || ' #' || left(id::text, 8)
WHERE lower(name) LIKE 'system:%';

UPDATE api_keys k SET name = k.name || ' #' || left(k.id::text, 8)
WHERE k.revoked_at IS NULL
  AND EXISTS (
    SELECT 1 FROM api_keys newer
    WHERE newer.project_id = k.project_id AND lower(newer.name) = lower(k.name) AND newer.revoked_at IS NULL
      AND (newer.created_at, newer.id) > (k.created_at, k.id));

CREATE UNIQUE INDEX api_keys_live_name ON api_keys (project_id, lower(name)) WHERE revoked_at IS NULL;
