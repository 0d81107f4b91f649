-- Remote channels (webhook, WordPress) record the receiver's id of what they created, e.g. the WordPress post id.
ALTER TABLE publications ADD COLUMN remote_id text;

-- Publications are listed per run.
CREATE INDEX publications_run_id ON publications (run_id);
