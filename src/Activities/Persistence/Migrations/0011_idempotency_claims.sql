-- An Idempotency-Key is now claimed before its run exists (the run id is derived from the key), so that no request
-- holds a connection or a lock while the workflow starts; the key row may precede its run row.
ALTER TABLE idempotency_keys DROP CONSTRAINT IF EXISTS idempotency_keys_run_id_fkey;
